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
