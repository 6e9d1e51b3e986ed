"""Pages of the asset and intervention map (reached from the mapping stage; the portfolio's prisms
come with stage 9)."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core import access, spreadsheets
from core import imports as core_imports
from core.forms import add_validation_errors, messages_from_validation_error
from investments import charts, imports, selectors, services
from investments.forms import InvestmentFilterForm, InvestmentForm
from investments.models import Investment


def _filters(form) -> dict:
    if not form.is_valid():
        return {}
    return {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}


@access.tenant_view("investments.view")
def asset_map(request):
    municipality = request.municipality
    form = InvestmentFilterForm(request.GET or None, operators=selectors.operators_used(municipality=municipality))
    filters = _filters(form) if request.GET else {}
    assets = selectors.investment_list(municipality=municipality, **filters)
    by_domain = selectors.summary_by_domain(assets)
    by_stage = selectors.summary_by_life_stage(assets)
    return render(request, "investments/asset_map.html", {
        "form": form, "assets": list(assets), "totals": selectors.totals(assets),
        "domain_chart": charts.budget_chart(by_domain, dimension_label=_("Mobility domain"), div_id="by-domain",
                                            caption=_("Annual budget by mobility domain")),
        "stage_chart": charts.budget_chart(by_stage, dimension_label=_("Life stage"), div_id="by-life-stage",
                                           caption=_("Annual budget by life stage")),
        "filtered": bool(filters),
        "can_manage": request.user.has_perm("investments.manage", municipality),
    })


@access.tenant_view("investments.manage")
def asset_new(request):
    instance = Investment(municipality=request.municipality)
    form = InvestmentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.investment_save(investment=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” was added to the asset map.") % {"title": form.instance.title})
            return redirect("investments:asset_map", slug=request.municipality.slug)
    return render(request, "investments/asset_form.html", {"form": form, "asset": None})


@access.tenant_view("investments.manage")
def asset_edit(request, pk):
    asset = get_object_or_404(Investment, pk=pk, deleted_at__isnull=True)
    form = InvestmentForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.investment_save(investment=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": asset.title})
            return redirect("investments:asset_map", slug=request.municipality.slug)
    return render(request, "investments/asset_form.html", {"form": form, "asset": asset})


@require_POST
@access.tenant_view("investments.manage")
def asset_delete(request, pk):
    asset = get_object_or_404(Investment, pk=pk, deleted_at__isnull=True)
    try:
        services.investment_delete(investment=asset, by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("“%(title)s” was deleted. Its history keeps it and can restore it.")
                         % {"title": asset.title})
    return redirect("investments:asset_map", slug=request.municipality.slug)




SESSION_KEY = "investments_import_job"


class AssetImportForm(forms.Form):
    file = forms.FileField(label=_lazy("File (Excel .xlsx or CSV)"))


@access.tenant_view("investments.view")
def asset_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    context = {"municipality": request.municipality}
    if fmt == "csv":
        data, mime = spreadsheets.export_csv(imports.SPEC, context), "text/csv; charset=utf-8"
    else:
        data = spreadsheets.export_xlsx(imports.SPEC, context)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="assets-{request.municipality.slug}.{fmt}"'
    return response


@access.tenant_view("investments.manage")
def asset_import(request):
    municipality = request.municipality
    form = AssetImportForm(request.POST or None, request.FILES or None)
    step = core_imports.upload_flow(
        request, form=form, kind=imports.KIND, municipality=municipality, session_key=SESSION_KEY,
        page_url=reverse("investments:asset_import", args=[municipality.slug]),
        done_url=reverse("investments:asset_map", args=[municipality.slug]),
        job_url=lambda job: reverse("tenant_imports:job", args=[municipality.slug, job.pk]))
    if step.response is not None:
        return step.response
    job = step.job
    return render(request, "investments/asset_import.html", {
        "form": form, "job": job, "summary": job.summary.get("preview") if job else None,
        "columns": imports.SPEC.columns}, status=400 if form.errors else 200)
