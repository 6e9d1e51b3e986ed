"""Writes to the indicator store. Imports are atomic (all rows or nothing), report bad input by row and
column, and are idempotent: importing the same edition twice changes nothing; a new edition (another
data year or source) adds values beside the old ones."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from mapping import catalogue
from mapping.models import IndicatorValue
from municipalities.models import Municipality
from municipalities.registry import RowError


@dataclass
class ValueRow:
    municipality_id: int
    code: str
    value: Decimal
    data_year: int
    source: str


@dataclass
class IndicatorImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def parse_mobility(lines, *, municipalities_by_code: dict[str, int]) -> tuple[list[ValueRow], list[RowError]]:
    """Rows of israel_local_authorities_social_mobility.csv → values; an empty cell is "not
    published" (no value), never zero."""
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    errors: list[RowError] = []
    if "cbs_code" not in header:
        return [], [RowError(1, "cbs_code", _("required column is missing"))]
    columns = [c for c in header if c in catalogue.MOBILITY_BY_CODE]
    if not columns:
        return [], [RowError(1, ", ".join(catalogue.MOBILITY_BY_CODE), _("no known indicator column"))]
    values: list[ValueRow] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        code = (raw.get("cbs_code") or "").strip()
        municipality_id = municipalities_by_code.get(code)
        if not code:
            errors.append(RowError(line, "cbs_code", _("a value is required")))
            continue
        if municipality_id is None:
            errors.append(RowError(line, "cbs_code", _("no authority with CBS code “%(code)s” in the registry")
                                   % {"code": code}))
            continue
        if code in seen:
            errors.append(RowError(line, "cbs_code", _("code %(code)s already appears on row %(row)s") % {
                "code": code, "row": seen[code]}))
            continue
        seen[code] = line
        for column in columns:
            text = (raw.get(column) or "").strip()
            if text == "":
                continue
            try:
                number = Decimal(text.replace(",", ""))
            except InvalidOperation:
                errors.append(RowError(line, column, _("“%(value)s” is not a number") % {"value": text}))
                continue
            if not number.is_finite() or abs(number) >= Decimal("1e12"):
                errors.append(RowError(line, column, _("“%(value)s” is not a number") % {"value": text}))
                continue
            definition = catalogue.MOBILITY_BY_CODE[column]
            if definition.unit == "percent" and not Decimal(0) <= number <= Decimal(100):
                errors.append(RowError(line, column, _("%(value)s is outside %(lo)s–%(hi)s") % {
                    "value": number, "lo": 0, "hi": 100}))
                continue
            values.append(ValueRow(municipality_id, column, number.quantize(Decimal("0.0001")),
                                   definition.data_year, catalogue.CBS_2021))
    return values, errors


def _store(rows: list[ValueRow], *, by=None) -> IndicatorImportSummary:
    """Upsert values keyed by (municipality, indicator, data year, source)."""
    indicators = catalogue.ensure_catalogue()
    summary = IndicatorImportSummary()
    ids = {i.code: i.pk for i in indicators.values()}
    existing = {(v.municipality_id, v.indicator_id, v.data_year, v.source): v
                for v in IndicatorValue.all_municipalities.filter(indicator_id__in=set(ids.values()))}
    to_create, to_update = [], []
    for row in rows:
        key = (row.municipality_id, ids[row.code], row.data_year, row.source)
        current = existing.get(key)
        if current is None:
            value = IndicatorValue(municipality_id=row.municipality_id, indicator_id=ids[row.code],
                                   value=row.value, data_year=row.data_year, source=row.source)
            value.full_clean(exclude=["municipality", "indicator"], validate_unique=False)
            to_create.append(value)
            existing[key] = value
        elif current.value != row.value:
            current.value = row.value
            to_update.append(current)
        else:
            summary.unchanged += 1
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    if to_create:
        bulk_create_with_history(to_create, IndicatorValue, batch_size=500, default_user=by)
    if to_update:
        bulk_update_with_history(to_update, IndicatorValue, ["value", "updated_at"], batch_size=500,
                                 default_user=by)
    summary.created, summary.updated = len(to_create), len(to_update)
    return summary


def registry_value_rows(municipalities, *, source: str = catalogue.CBS_2021) -> list[ValueRow]:
    """The registry figures held on each Municipality, as indicator values with their data year."""
    rows = []
    for m in municipalities:
        for code, (value_field, year_field) in catalogue.REGISTRY_FIELDS.items():
            value, year = getattr(m, value_field), getattr(m, year_field)
            if value is None or year is None:
                continue
            rows.append(ValueRow(m.pk, code, Decimal(value).quantize(Decimal("0.0001")), year, source))
    return rows


@transaction.atomic
def registry_values_record(*, municipalities, source: str = catalogue.CBS_2021, by=None,
                           only_missing: bool = False) -> IndicatorImportSummary:
    """Keep the registry's current figures in the store (called before a newer edition replaces them
    on the Municipality, so the earlier year stays). With `only_missing`, a figure whose municipality,
    indicator and data year already have a value from any source is not stored again."""
    rows = registry_value_rows(municipalities, source=source)
    if only_missing and rows:
        have = set(IndicatorValue.all_municipalities
                   .filter(municipality_id__in={r.municipality_id for r in rows},
                           indicator__code__in=catalogue.REGISTRY_FIELDS)
                   .values_list("municipality_id", "indicator__code", "data_year"))
        rows = [r for r in rows if (r.municipality_id, r.code, r.data_year) not in have]
    return _store(rows, by=by)


@transaction.atomic
def mobility_indicators_import(lines, *, by=None) -> IndicatorImportSummary:
    """Import the social-mobility file and the registry figures; all or nothing."""
    by_code = dict(Municipality.objects.filter(cbs_code__isnull=False).values_list("cbs_code", "pk"))
    if not by_code:
        return IndicatorImportSummary(errors=[RowError(1, "cbs_code", _(
            "the registry is empty: import the CBS authorities first"))])
    rows, errors = parse_mobility(lines, municipalities_by_code=by_code)
    if errors:
        return IndicatorImportSummary(errors=errors)
    registry = registry_value_rows(Municipality.objects.filter(cbs_code__isnull=False))
    return _store(rows + registry, by=by)
