"""Writes to the indicator store. Imports are atomic (all rows or nothing), report bad input by row and
column, and are idempotent: importing the same edition twice changes nothing; a new edition (another
data year or source) adds values beside the old ones."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from core.spreadsheets import CellError as RowError
from mapping import catalogue
from mapping.models import IndicatorValue


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


def _store(rows: list[ValueRow], *, by=None) -> IndicatorImportSummary:
    """Upsert values keyed by (municipality, indicator, data year, source)."""
    indicators = catalogue.ensure_catalogue()
    summary = IndicatorImportSummary()
    ids = {i.code: i.pk for i in indicators.values()}
    current = IndicatorValue.all_municipalities.filter(indicator_id__in=set(ids.values()))
    municipality_ids = {r.municipality_id for r in rows}
    if len(municipality_ids) <= 500:
        current = current.filter(municipality_id__in=municipality_ids)
    existing = {(v.municipality_id, v.indicator_id, v.data_year, v.source): v for v in current}
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
def indicator_values_save(*, municipality_id: int, values: dict, by=None,
                          source: str = catalogue.CBS_2021) -> IndicatorImportSummary:
    """Store one authority's social-mobility values ({indicator code: Decimal}), each with the data
    year of its indicator; upserted by (municipality, indicator, data year, source)."""
    rows = [ValueRow(municipality_id, code, value, catalogue.MOBILITY_BY_CODE[code].data_year, source)
            for code, value in values.items() if value is not None]
    return _store(rows, by=by)


def mobility_indicators_import(lines=None, *, by=None, table=None) -> IndicatorImportSummary:
    """Import the social-mobility file (lines of CSV text, or a text file) and the registry figures;
    all or nothing (the spreadsheet spec `mapping.imports.SPEC`). Counts are of indicator values."""
    from core import spreadsheets
    from mapping.imports import SPEC, value_counts

    if table is None:
        text = lines.read() if hasattr(lines, "read") else "".join(lines)
        table = spreadsheets.read_table(text.encode("utf-8"), "mobility.csv")
    context: dict = {}
    preview = spreadsheets.apply(SPEC, table, context, by=by)
    if preview.errors:
        return IndicatorImportSummary(errors=preview.errors)
    created, updated, unchanged = value_counts(preview)
    registry = context["result_registry"]
    return IndicatorImportSummary(created=created + registry.created, updated=updated + registry.updated,
                                  unchanged=unchanged + registry.unchanged)
