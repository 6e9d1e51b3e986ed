"""The CBS social-mobility indicators per authority as a spreadsheet spec (core.spreadsheets): one
row per authority (matched by CBS code), one column per indicator of the catalogue
(israel_local_authorities_social_mobility.csv), each stored as an indicator value with the data
year of its column. An empty cell is "not published": no value (never zero), and an existing value
is left as it is. Written through `services.indicator_values_save`; the export is the same file with
the store's current values, so export → edit → re-import works."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets
from core.spreadsheets import DECIMAL, TEXT, Column, ImportSpec
from mapping import catalogue, services
from mapping.models import IndicatorValue
from municipalities.models import Municipality

KIND = "mapping.mobility_indicators"
CODES = list(catalogue.MOBILITY_BY_CODE)


def _columns():
    columns = [Column("cbs_code", "cbs_code", type=TEXT, required=True, max_length=8, width=10,
                      aliases=(gettext_lazy("CBS code"),)),
               Column("name_he", "name_he", type=TEXT, max_length=120, width=24,
                      aliases=(gettext_lazy("name (Hebrew)"),))]
    for code, definition in catalogue.MOBILITY_BY_CODE.items():
        percent = definition.unit == "percent"
        columns.append(Column(code, code, type=DECIMAL, decimal_places=4,
                              min_value=0 if percent else None, max_value=100 if percent else None,
                              aliases=(definition.name_en, definition.name_he), help=definition.name_en))
    return columns


def _check(context):
    by_code = dict(Municipality.objects.filter(cbs_code__isnull=False).values_list("cbs_code", "pk"))
    context["_by_code"] = by_code
    if not by_code:
        return [("cbs_code", _("the registry is empty: import the CBS authorities first"))]
    return []


def _check_headers(present, context):
    if not set(CODES) & present:
        return [(", ".join(CODES), _("no known indicator column"))]
    return []


def _existing(context) -> dict:
    """{(cbs_code,): {"pk", "cbs_code", "name_he", <indicator code>: value}} for every authority."""
    records = {(code,): {"pk": pk, "cbs_code": code, "name_he": name}
               for code, pk, name in Municipality.objects.filter(cbs_code__isnull=False).order_by("cbs_code")
               .values_list("cbs_code", "pk", "name_he")}
    by_pk = {r["pk"]: r for r in records.values()}
    years = {code: d.data_year for code, d in catalogue.MOBILITY_BY_CODE.items()}
    for pk, code, year, value in (IndicatorValue.objects.filter(indicator__code__in=CODES, source=catalogue.CBS_2021)
                                  .values_list("municipality_id", "indicator__code", "data_year", "value")):
        if pk in by_pk and years[code] == year:
            by_pk[pk][code] = value
    return records


def _value_of(record, key, context):
    return record.get(key)


def _clean(values, current, context):
    if current is None:
        return [("cbs_code", _("no authority with CBS code “%(code)s” in the registry") % {"code": values["cbs_code"]})]
    return []


def _compare(values):
    return [k for k in CODES if values.get(k) is not None]  # an empty cell changes nothing


def _save(*, plan, context, by):
    services.indicator_values_save(
        municipality_id=plan.current["pk"], by=by,
        values={k: plan.values[k] for k in _compare(plan.values)})


def _after_apply(*, preview, context, by):
    """The registry's own figures join the store with their years (as the management command always did)."""
    context["result_registry"] = services.registry_values_record(
        municipalities=Municipality.objects.filter(cbs_code__isnull=False), by=by)


SPEC = spreadsheets.register(ImportSpec(
    name=KIND,
    title=gettext_lazy("Social-mobility indicators"),
    columns=_columns(),
    key=("cbs_code",),
    existing=_existing,
    value_of=_value_of,
    check=_check,
    check_headers=_check_headers,
    clean_row=_clean,
    compare=_compare,
    save_row=_save,
    after_apply=_after_apply,
    row_label=lambda values, current: f"{(current or {}).get('name_he') or values.get('name_he', '')} "
                                      f"({values['cbs_code']})",
    sheet_title="social mobility",
    permission="core.hq_admin",
    rtl=True,
))


def value_counts(preview) -> tuple[int, int, int]:
    """Indicator values the file creates, changes and leaves as they are."""
    created = updated = unchanged = 0
    for row in preview.rows:
        for key in _compare(row.values):
            old = (row.current or {}).get(key)
            if old is None:
                created += 1
            elif spreadsheets.values_differ(old, row.values[key]):
                updated += 1
            else:
                unchanged += 1
    return created, updated, unchanged


# --- a municipality's values and targets (export template = import template) -----------------------
VALUES_KIND, TARGETS_KIND = "mapping.values", "mapping.targets"


def _indicators(context):
    if "_indicators" not in context:
        from mapping import selectors

        context["_indicators"] = {i.code: i for i in selectors.indicators_for(municipality=context["municipality"])}
    return context["_indicators"]


def _breakdown_columns():
    from mapping.models import BreakdownKind

    return [Column("breakdown_kind", gettext_lazy("Breakdown"), type=spreadsheets.CHOICE, choices=BreakdownKind.choices,
                   header_required=True, export_as="code", width=14),
            Column("breakdown", gettext_lazy("Breakdown value"), type=TEXT, max_length=120, header_required=True,
                   width=18)]


def _normalise(values, current, context, *, existing):
    """Resolve the indicator code, treat an empty breakdown as the total, match again."""
    values["breakdown_kind"] = values.get("breakdown_kind") or ""
    values["breakdown"] = (values.get("breakdown") or "").strip()
    code = (values.get("indicator") or "").strip()
    values["indicator"] = code
    indicator = _indicators(context).get(code)
    if indicator is None:
        return [("indicator", _("no indicator with the code “%(code)s” in the catalogue") % {"code": code})]
    if bool(values["breakdown_kind"]) != bool(values["breakdown"]):
        return [("breakdown", _("give both the kind of breakdown and its value, or neither (the total)"))]
    if values["breakdown_kind"] and values["breakdown_kind"] not in (indicator.breakdowns or []):
        return [("breakdown_kind", _("this indicator has no such breakdown"))]
    if indicator.unit == "percent" and values.get("value") is not None and not 0 <= values["value"] <= 100:
        return [("value", _("a percentage must be between 0 and 100"))]
    return []


def _record_value(record, key, context):
    return record.indicator.code if key == "indicator" else getattr(record, key)


def _values_existing(context):
    from mapping import selectors

    return {(v.indicator.code, v.data_year, v.breakdown_kind, v.breakdown, v.source): v
            for v in selectors.values_of(municipality=context["municipality"])}


def _value_save(*, plan, context, by):
    data = {k: v for k, v in plan.values.items() if k != "indicator"}
    if plan.current is None:
        services.value_create(municipality=context["municipality"], indicator=_indicators(context)[plan.values["indicator"]],
                              by=by, **data)
    else:
        services.value_update(row=plan.current, by=by, value=data["value"])


VALUES_SPEC = spreadsheets.register(ImportSpec(
    name=VALUES_KIND,
    title=gettext_lazy("Indicator values"),
    columns=[Column("indicator", gettext_lazy("Indicator code"), type=TEXT, required=True, max_length=80, width=34),
             Column("data_year", gettext_lazy("Year"), type=spreadsheets.INT, required=True, min_value=1948,
                    max_value=2100, width=8),
             *_breakdown_columns(),
             Column("value", gettext_lazy("Value"), type=DECIMAL, required=True, decimal_places=4, width=12),
             Column("source", gettext_lazy("Source"), type=TEXT, required=True, max_length=200, width=30)],
    key=("indicator", "data_year", "breakdown_kind", "breakdown", "source"),
    existing=_values_existing,
    value_of=_record_value,
    clean_row=lambda values, current, context: _normalise(values, current, context, existing=None),
    compare=["value"],
    save_row=_value_save,
    row_label=lambda values, current: " · ".join(str(values.get(k) or "") for k in ("indicator", "data_year",
                                                                                  "breakdown")).strip(" ·"),
    sheet_title="values",
    permission="mapping.enter_values",
    page_url="mapping:values_import",
))


def _targets_existing(context):
    from mapping import selectors

    return {(t.indicator.code, t.target_year, t.breakdown_kind, t.breakdown): t
            for t in selectors.targets_of(municipality=context["municipality"])}


def _target_save(*, plan, context, by):
    data = {k: v for k, v in plan.values.items() if k != "indicator"}
    data["rationale"] = data.get("rationale") or ""
    if plan.current is None:
        services.target_create(municipality=context["municipality"],
                               indicator=_indicators(context)[plan.values["indicator"]], by=by, **data)
    else:
        services.target_update(target=plan.current, by=by, **{k: data[k] for k in ("value", "set_in_year", "rationale")
                                                              if k in data})


TARGETS_SPEC = spreadsheets.register(ImportSpec(
    name=TARGETS_KIND,
    title=gettext_lazy("Indicator targets"),
    columns=[Column("indicator", gettext_lazy("Indicator code"), type=TEXT, required=True, max_length=80, width=34),
             Column("target_year", gettext_lazy("Target year"), type=spreadsheets.INT, required=True, min_value=1948,
                    max_value=2100, width=8),
             *_breakdown_columns(),
             Column("value", gettext_lazy("Target value"), type=DECIMAL, required=True, decimal_places=4, width=12),
             Column("set_in_year", gettext_lazy("Year the target was set"), type=spreadsheets.INT, required=True,
                    min_value=1948, max_value=2100, width=8),
             Column("rationale", gettext_lazy("Rationale"), type=TEXT, header_required=True, width=40)],
    key=("indicator", "target_year", "breakdown_kind", "breakdown"),
    existing=_targets_existing,
    value_of=_record_value,
    clean_row=lambda values, current, context: _normalise(values, current, context, existing=None),
    compare=["value", "set_in_year", "rationale"],
    save_row=_target_save,
    row_label=lambda values, current: " · ".join(str(values.get(k) or "") for k in ("indicator", "target_year",
                                                                                  "breakdown")).strip(" ·"),
    sheet_title="targets",
    permission="mapping.enter_values",
    page_url="mapping:targets_import",
))
