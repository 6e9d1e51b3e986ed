"""Pages of the asset and intervention map (reached from the mapping stage; the portfolio's prisms
come with stage 9)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.forms import add_validation_errors, messages_from_validation_error
from investments import charts, selectors, services
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
        "domain_chart": charts.budget_chart(by_domain, dimension_label=_("Mobility domain"), div_id="by-domain"),
        "stage_chart": charts.budget_chart(by_stage, dimension_label=_("Life stage"), div_id="by-life-stage"),
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


