"""Pages of stage 5: the status picture (and its PDF), golden data with owners and settings, one
indicator's values and targets, local indicators; HQ's catalogue. Thin function views: check
access, validate, call one service or selector, render."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.forms import add_validation_errors
from core.pdf import pdf_response
from mapping import charts, selectors, services
from mapping.forms import GoldenForm, IndicatorForm, SettingsForm, TargetForm, ValueForm
from mapping.models import Area, GoldenIndicator, Indicator, IndicatorTarget, IndicatorValue


def _picture_context(request):
    municipality = request.municipality
    picture = selectors.status_picture(municipality=municipality, as_of=timezone.localdate())
    for n, item in enumerate(picture.golden):
        item.chart = charts.trend_chart(item, div_id=f"trend-{n}")
        item.breakdown_charts = [(kind, rows[0].kind_label, charts.breakdown_chart(
            rows, div_id=f"bd-{n}-{kind}", name=item.indicator.name, kind_label=rows[0].kind_label))
                                 for kind, rows in item.breakdowns.items()]
    return {"picture": picture, "can_enter": request.user.has_perm("mapping.enter_values", municipality),
            "can_manage": request.user.has_perm("mapping.manage", municipality)}


@access.tenant_view("mapping.view")
def index(request):
    """The status picture (תמונת מצב יישובית)."""
    return render(request, "mapping/status_picture.html", _picture_context(request))


@access.tenant_view("mapping.view")
def status_pdf(request):
    context = _picture_context(request)
    return pdf_response(request, "mapping/status_picture_pdf.html", context,
                        filename=f"status-picture-{request.municipality.slug}.pdf")


def _indicator(request, pk):
    return get_object_or_404(selectors.indicators_for(municipality=request.municipality), pk=pk)


@access.tenant_view("mapping.view")
def golden(request):
    municipality = request.municipality
    can_manage = request.user.has_perm("mapping.manage", municipality)
    indicators = selectors.indicators_for(municipality=municipality).exclude(
        pk__in=GoldenIndicator.objects.filter(municipality=municipality).values("indicator_id"))
    add_form = GoldenForm(municipality=municipality, indicators=indicators, prefix="add")
    settings_row = services.settings_of(municipality)
    settings_form = SettingsForm(instance=settings_row, prefix="settings")
    if request.method == "POST":
        if not can_manage:
            return render(request, "403.html", status=403)
        if "settings-stale_after_years" in request.POST:
            settings_form = SettingsForm(request.POST, instance=settings_row, prefix="settings")
            if settings_form.is_valid():
                services.settings_update(municipality=municipality, by=request.user, **settings_form.cleaned_data)
                messages.success(request, _("The settings were saved."))
                return redirect("mapping:golden", slug=municipality.slug)
        else:
            add_form = GoldenForm(request.POST, municipality=municipality, indicators=indicators, prefix="add")
            if add_form.is_valid():
                data = add_form.service_data()
                try:
                    services.golden_add(municipality=municipality, by=request.user, **data)
                except ValidationError as exc:
                    add_validation_errors(add_form, exc)
                else:
                    messages.success(request, _("The indicator was added to the golden data."))
                    return redirect("mapping:golden", slug=municipality.slug)
    freshness = {f.golden.pk: f for f in selectors.golden_freshness(municipality=municipality,
                                                                    as_of=timezone.localdate())}
    rows = list(selectors.golden_list(municipality=municipality))
    for row in rows:
        row.freshness = freshness.get(row.pk)
    return render(request, "mapping/golden.html", {
        "rows": rows, "add_form": add_form, "settings_form": settings_form, "can_manage": can_manage,
        "local_indicators": Indicator.objects.filter(municipality=municipality)})


@access.tenant_view("mapping.manage")
def golden_edit(request, pk):
    row = get_object_or_404(GoldenIndicator.objects.select_related("indicator"), pk=pk)
    form = GoldenForm(request.POST or None, instance=row, municipality=request.municipality,
                      indicators=Indicator.objects.none())
    if request.method == "POST" and form.is_valid():
        try:
            services.golden_update(golden=row, by=request.user, **form.service_data())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("mapping:golden", slug=request.municipality.slug)
    return render(request, "mapping/form.html", {"form": form, "title": row.indicator.name,
                                                 "back": reverse("mapping:golden", args=[request.municipality.slug])})


@require_POST
@access.tenant_view("mapping.manage")
def golden_remove(request, pk):
    row = get_object_or_404(GoldenIndicator, pk=pk)
    services.golden_remove(golden=row, by=request.user)
    messages.success(request, _("The indicator was taken out of the golden data; its values stay."))
    return redirect("mapping:golden", slug=request.municipality.slug)


@access.tenant_view("mapping.view")
def indicator_detail(request, pk):
    """One indicator: its values and targets in this municipality, and forms to add them."""
    municipality = request.municipality
    indicator = _indicator(request, pk)
    can_enter = request.user.has_perm("mapping.enter_values", municipality)
    value_form = ValueForm(indicator=indicator, municipality=municipality, prefix="value",
                           initial={"data_year": timezone.localdate().year - 1})
    target_form = TargetForm(indicator=indicator, municipality=municipality, prefix="target",
                             initial={"set_in_year": timezone.localdate().year})
    if request.method == "POST":
        if not can_enter:
            return render(request, "403.html", status=403)
        which = "value" if "value-value" in request.POST else "target"
        form_class, service = (ValueForm, services.value_create) if which == "value" \
            else (TargetForm, services.target_create)
        form = form_class(request.POST, indicator=indicator, municipality=municipality, prefix=which)
        if form.is_valid():
            try:
                service(municipality=municipality, by=request.user, **form.service_data())
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("mapping:indicator", slug=municipality.slug, pk=indicator.pk)
        if which == "value":
            value_form = form
        else:
            target_form = form
    return render(request, "mapping/indicator.html", {
        "indicator": indicator, "can_enter": can_enter, "value_form": value_form, "target_form": target_form,
        "values": selectors.values_of(municipality=municipality, indicator=indicator),
        "targets": selectors.targets_of(municipality=municipality, indicator=indicator),
        "golden": GoldenIndicator.objects.filter(indicator=indicator).first()})


def _edit(request, *, model, pk, form_class, update, key):
    row = get_object_or_404(model.objects.select_related("indicator"), pk=pk)
    form = form_class(request.POST or None, instance=row, indicator=row.indicator, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            update(**{key: row}, by=request.user, **form.service_data())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("mapping:indicator", slug=request.municipality.slug, pk=row.indicator_id)
    return render(request, "mapping/form.html", {"form": form, "title": row.indicator.name,
                                                 "back": reverse("mapping:indicator", args=[request.municipality.slug, row.indicator_id])})


@access.tenant_view("mapping.enter_values")
def value_edit(request, pk):
    return _edit(request, model=IndicatorValue, pk=pk, form_class=ValueForm, update=services.value_update,
                 key="row")


@access.tenant_view("mapping.enter_values")
def target_edit(request, pk):
    return _edit(request, model=IndicatorTarget, pk=pk, form_class=TargetForm, update=services.target_update,
                 key="target")


@require_POST
@access.tenant_view("mapping.enter_values")
def value_delete(request, pk):
    row = get_object_or_404(IndicatorValue, pk=pk)
    services.value_delete(value=row, by=request.user)
    messages.success(request, _("The value was deleted; the change log can restore it."))
    return redirect("mapping:indicator", slug=request.municipality.slug, pk=row.indicator_id)


@require_POST
@access.tenant_view("mapping.enter_values")
def target_delete(request, pk):
    row = get_object_or_404(IndicatorTarget, pk=pk)
    services.target_delete(target=row, by=request.user)
    messages.success(request, _("The target was deleted; the change log can restore it."))
    return redirect("mapping:indicator", slug=request.municipality.slug, pk=row.indicator_id)


@access.tenant_view("mapping.view")
def catalogue(request):
    """The catalogue as this municipality sees it (platform indicators and its local ones)."""
    area = request.GET.get("area", "")
    area = area if area in Area.values else ""
    search = request.GET.get("q", "")[:100]
    return render(request, "mapping/catalogue.html", {
        "indicators": selectors.catalogue_list(area=area, search=search), "areas": Area.choices, "area": area,
        "q": search, "hq": False, "can_manage": request.user.has_perm("mapping.manage", request.municipality)})


@access.tenant_view("mapping.manage")
def local_indicator_new(request):
    return _indicator_form(request, instance=None, municipality=request.municipality)


@access.tenant_view("mapping.manage")
def local_indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator, pk=pk, municipality=request.municipality)
    return _indicator_form(request, instance=indicator, municipality=request.municipality)


def _indicator_form(request, *, instance, municipality):
    local = municipality is not None
    form = IndicatorForm(request.POST or None, instance=instance, local=local)
    if request.method == "POST" and form.is_valid():
        data, factors = form.service_data()
        try:
            if instance is None:
                indicator = services.indicator_create(municipality=municipality, factors=factors, by=request.user,
                                                      **data)
            else:
                indicator = services.indicator_update(indicator=instance, factors=factors, by=request.user, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            if local:
                return redirect("mapping:indicator", slug=municipality.slug, pk=indicator.pk)
            return redirect("mapping_hq:catalogue")
    back = reverse("mapping:catalogue", args=[municipality.slug]) if local else reverse("mapping_hq:catalogue")
    return render(request, "mapping/form.html", {
        "form": form, "back": back, "title": instance.name if instance else _("New indicator")})


# --- HQ: the platform catalogue ---------------------------------------------------------------------
@access.hq_view("core.hq_view")
def hq_catalogue(request):
    area = request.GET.get("area", "")
    area = area if area in Area.values else ""
    search = request.GET.get("q", "")[:100]
    indicators = selectors.catalogue_list(area=area, search=search, include_inactive=True).filter(
        municipality__isnull=True)
    return render(request, "mapping/catalogue.html", {
        "indicators": indicators, "areas": Area.choices, "area": area, "q": search, "hq": True,
        "can_edit": request.user.has_perm("mapping.edit_catalogue")})


@access.hq_view("mapping.edit_catalogue")
def hq_indicator_new(request):
    return _indicator_form(request, instance=None, municipality=None)


@access.hq_view("mapping.edit_catalogue")
def hq_indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator, pk=pk, municipality__isnull=True)
    return _indicator_form(request, instance=indicator, municipality=None)



# --- values and targets by spreadsheet (core.spreadsheets / core.imports) ----------------------------
def _spec(which):
    from mapping import imports as mapping_imports

    return {"values": mapping_imports.VALUES_SPEC, "targets": mapping_imports.TARGETS_SPEC}[which]


def _sheet_import(request, which):
    from core import imports
    from mapping.forms import UploadForm

    municipality = request.municipality
    spec = _spec(which)
    page = reverse(f"mapping:{which}_import", args=[municipality.slug])
    form = UploadForm(request.POST or None, request.FILES or None)
    step = imports.upload_flow(
        request, form=form, kind=spec.name, municipality=municipality, page_url=page,
        session_key=f"mapping-import-{which}-{municipality.pk}",
        job_url=lambda job: reverse("tenant_imports:job", args=[municipality.slug, job.pk]),
        success_message=lambda job: _("Saved: %(new)s new and %(changed)s changed rows.") % {
            "new": job.created_count, "changed": job.changed_count})
    if step.response is not None:
        return step.response
    job, preview = step.job, step.preview
    return render(request, "mapping/sheet_import.html", {
        "form": form, "job": job, "preview": preview, "summary": job.summary.get("preview") if job else None,
        "spec": spec, "columns": spec.columns, "page_url": page,
        "template_url": reverse(f"mapping:{which}_export", args=[municipality.slug, "xlsx"]),
        "template_csv_url": reverse(f"mapping:{which}_export", args=[municipality.slug, "csv"])},
        status=400 if form.errors else 200)


def _sheet_export(request, which, fmt):
    from django.http import Http404

    from core import spreadsheets

    if fmt not in ("csv", "xlsx"):
        raise Http404
    spec = _spec(which)
    context = {"municipality": request.municipality}
    name = f"{which}-{request.municipality.slug}.{fmt}"
    if fmt == "csv":
        return spreadsheets.csv_response(spreadsheets.export_csv(spec, context), name)
    return spreadsheets.xlsx_response(spreadsheets.export_xlsx(spec, context), name)


@access.tenant_view("mapping.enter_values")
def values_import(request):
    return _sheet_import(request, "values")


@access.tenant_view("mapping.enter_values")
def targets_import(request):
    return _sheet_import(request, "targets")


@access.tenant_view("mapping.view")
def values_export(request, fmt):
    return _sheet_export(request, "values", fmt)


@access.tenant_view("mapping.view")
def targets_export(request, fmt):
    return _sheet_export(request, "targets", fmt)
