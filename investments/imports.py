"""The asset map as a spreadsheet (core.spreadsheets): export the map, edit it in Excel, import it
again. A row with an id changes that record; a row without one adds a record. The operator is read by
its name in the organization directory (Hebrew or English). Written through investments.services."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import spreadsheets
from core.reference import LifeStage, MobilityDomain, Sector
from core.spreadsheets import CHOICE, INT, MONEY, TEXT, Column, ImportSpec
from investments import selectors, services
from investments.models import MAX_YEAR, MIN_YEAR, InvestmentKind, InvestmentNature, InvestmentNovelty
from municipalities.models import Organization

KIND = "investments.assets"
FIELDS = ["title", "kind", "operator", "sector", "domain", "life_stage", "age_group", "start_year", "end_year",
          "nature", "novelty", "annual_budget", "description"]


def _existing(context) -> dict:
    return {(a.pk,): a for a in selectors.investment_list(municipality=context["municipality"])}


def _value_of(record, key, context):
    if key == "operator":
        return record.operator.name_he if record.operator_id else None
    if key == "id":
        return record.pk
    return getattr(record, key, None)


def _organizations(context) -> dict:
    if "_orgs" not in context:
        orgs = {}
        for org in Organization.objects.all():
            for name in (org.name_he, org.name_en):
                if name:
                    orgs.setdefault(name.strip().casefold(), org)
        context["_orgs"] = orgs
    return context["_orgs"]


def _clean_row(values, current, context):
    errors = []
    if values.get("id") is not None and current is None:
        errors.append(("id", _("no record of this municipality has this id (leave it empty to add one)")))
    if values.get("id") is None:  # a new record: a key of its own so several new rows do not collide
        context["_new"] = context.get("_new", 0) + 1
        values["id"] = f"new-{context['_new']}"
    name = values.get("operator")
    if name:
        org = _organizations(context).get(str(name).strip().casefold())
        if org is None:
            errors.append(("operator", _("no organization of this name in the directory")))
        else:
            values["operator"] = org.name_he
    if not values.get("sector") and not values.get("operator") and not (current and current.sector):
        errors.append(("sector", _("give the sector, or an operator whose sector it takes")))
    start, end = values.get("start_year"), values.get("end_year")
    if start is not None and end is not None and end < start:
        errors.append(("end_year", _("The end year cannot be before the start year.")))
    return errors


def _fields(plan, context) -> dict:
    data = {k: v for k, v in plan.values.items() if k in FIELDS}
    if "operator" in data:
        data["operator"] = _organizations(context).get(data["operator"].casefold()) if data["operator"] else None
    for key in ("age_group", "description", "sector"):
        if key in data and data[key] is None:
            data[key] = ""
    for key in ("kind", "nature", "novelty", "annual_budget"):  # empty: the record's default / as it is
        if key in data and data[key] is None:
            del data[key]
    return data


def _save_row(*, plan, context, by):
    data = _fields(plan, context)
    if plan.current is None:
        services.investment_create(municipality=context["municipality"], by=by, **data)
    else:
        services.investment_update(investment=plan.current, by=by, **data)


def _choice(key, label, choices, required=False):
    return Column(key, label, type=CHOICE, choices=choices, required=required)


SPEC = spreadsheets.register(ImportSpec(
    name=KIND, title=gettext_lazy("Asset and intervention map"),
    columns=[
        Column("id", pgettext_lazy("column", "Id"), type=INT, header_required=True, min_value=1, width=8),
        Column("title", gettext_lazy("Name"), type=TEXT, required=True, max_length=200, width=36),
        _choice("kind", gettext_lazy("Kind"), InvestmentKind.choices),
        Column("operator", gettext_lazy("Operator"), type=TEXT, max_length=200, width=28),
        _choice("sector", gettext_lazy("Sector"), Sector.choices),
        _choice("domain", gettext_lazy("Mobility domain"), MobilityDomain.choices, required=True),
        _choice("life_stage", gettext_lazy("Life stage"), LifeStage.choices, required=True),
        Column("age_group", gettext_lazy("Age group"), type=TEXT, max_length=60),
        Column("start_year", gettext_lazy("Start year"), type=INT, required=True, min_value=MIN_YEAR,
               max_value=MAX_YEAR),
        Column("end_year", gettext_lazy("End year"), type=INT, min_value=MIN_YEAR, max_value=MAX_YEAR),
        _choice("nature", gettext_lazy("Infrastructure / programme"), InvestmentNature.choices),
        _choice("novelty", gettext_lazy("Existing / new"), InvestmentNovelty.choices),
        Column("annual_budget", gettext_lazy("Annual budget (₪)"), type=MONEY, min_value=0, width=16),
        Column("description", gettext_lazy("Description"), type=TEXT, max_length=5000, width=40),
    ],
    key=("id",), existing=_existing, value_of=_value_of, clean_row=_clean_row, save_row=_save_row,
    row_label=lambda values, current: str(values.get("title") or ""),
    permission="investments.manage", page_url="investments:asset_import"))
