"""Writes to the indicator store. Imports are atomic (all rows or nothing), report bad input by row and
column, and are idempotent: importing the same edition twice changes nothing; a new edition (another
data year or source) adds values beside the old ones."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import delete_guarded, model_save, model_update, set_fields
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
    current = IndicatorValue.all_municipalities.filter(indicator_id__in=set(ids.values()), breakdown_kind="")
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


# --- values, targets, golden data, settings, local indicators: one write path ------------------------
VALUE_FIELDS = ("indicator", "data_year", "value", "source", "breakdown_kind", "breakdown")
TARGET_FIELDS = ("indicator", "target_year", "value", "set_in_year", "rationale", "breakdown_kind", "breakdown")
GOLDEN_FIELDS = ("owner_person", "owner_user", "order", "note")
INDICATOR_FIELDS = ("code", "name_he", "name_en", "name_ar", "unit", "direction", "life_stage", "domain",
                    "area", "card_figure", "breakdowns", "infrastructures", "is_golden", "is_active", "source",
                    "description")


def _apply(instance, fields, data) -> bool:
    """Set the allow-listed fields present in `data` on a new instance."""
    set_fields(instance, {k: v for k, v in data.items() if k in fields}, fields=fields)
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.")
                              % {"fields": ", ".join(sorted(unknown))}, code="not_allowed")
    return True


def _save(instance, *, by):
    model_save(instance, by=by)
    return instance


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def value_create(*, municipality, by, **data) -> IndicatorValue:
    row = IndicatorValue(municipality=municipality, entered_by=_user(by))
    _apply(row, VALUE_FIELDS, data)
    return _save(row, by=by)


@transaction.atomic
def value_update(*, row, by, **data) -> IndicatorValue:
    """Change a value (`row`); who changed it becomes who entered it."""
    if _user(by):
        data = {**data, "entered_by": _user(by)}
    model_update(instance=row, fields=(*VALUE_FIELDS, "entered_by"), data=data, by=by)
    return row


@transaction.atomic
def value_delete(*, value, by) -> None:
    delete_guarded(value, by=by)


@transaction.atomic
def target_create(*, municipality, by, **data):
    from mapping.models import IndicatorTarget

    row = IndicatorTarget(municipality=municipality, set_by=_user(by))
    _apply(row, TARGET_FIELDS, data)
    return _save(row, by=by)


@transaction.atomic
def target_update(*, target, by, **data):
    if _user(by):
        data = {**data, "set_by": _user(by)}
    model_update(instance=target, fields=(*TARGET_FIELDS, "set_by"), data=data, by=by)
    return target


@transaction.atomic
def target_delete(*, target, by) -> None:
    delete_guarded(target, by=by)


@transaction.atomic
def golden_add(*, municipality, indicator, by, **data):
    from mapping.models import GoldenIndicator

    if indicator.municipality_id not in (None, municipality.pk):
        raise ValidationError({"indicator": _("This indicator belongs to another municipality.")})
    row = GoldenIndicator(municipality=municipality, indicator=indicator)
    if "order" not in data:
        last = GoldenIndicator.objects.filter(municipality=municipality).order_by("-order").first()
        data["order"] = (last.order + 1) if last else 1
    _apply(row, GOLDEN_FIELDS, data)
    return _save(row, by=by)


@transaction.atomic
def golden_update(*, golden, by, **data):
    model_update(instance=golden, fields=GOLDEN_FIELDS, data=data, by=by)
    return golden


@transaction.atomic
def golden_remove(*, golden, by) -> None:
    delete_guarded(golden, by=by)


def settings_of(municipality):
    """The municipality's settings (defaults when it never saved any; not stored by a read)."""
    from mapping.models import MappingSettings

    return MappingSettings.objects.filter(municipality=municipality).first() \
        or MappingSettings(municipality=municipality)


@transaction.atomic
def settings_update(*, municipality, by, **data):
    from mapping.models import MappingSettings

    row = MappingSettings.objects.select_for_update().filter(municipality=municipality).first() \
        or MappingSettings(municipality=municipality)
    if row.pk is None:
        _apply(row, ("stale_after_years", "target_year"), data)
        return _save(row, by=by)
    model_update(instance=row, fields=("stale_after_years", "target_year"), data=data, by=by)
    return row


@transaction.atomic
def indicator_create(*, by, municipality=None, factors=None, **data):
    """A catalogue indicator (HQ, municipality None) or a municipality's local indicator."""
    from mapping.models import Indicator

    if municipality is not None and not data.get("code"):
        data["code"] = _local_code(municipality)
    row = Indicator(municipality=municipality)
    _apply(row, INDICATOR_FIELDS, data)
    _save(row, by=by)
    if factors is not None:
        row.factors.set(factors)
    return row


@transaction.atomic
def indicator_update(*, indicator, by, factors=None, **data):
    if indicator.municipality_id:
        data.pop("code", None)  # a local code stays as generated
    model_update(instance=indicator, fields=INDICATOR_FIELDS, data=data, by=by)
    if factors is not None and set(indicator.factors.all()) != set(factors):
        indicator._history_user = by
        indicator.factors.set(factors)
    return indicator


def _local_code(municipality) -> str:
    from mapping.models import Indicator

    prefix = f"local-{municipality.slug}-"[:70]
    taken = set(Indicator.everything.filter(code__startswith=prefix).values_list("code", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


# --- stale golden data: its owner is told, once per indicator and year ----------------------------
def golden_stale_notify(*, municipality, as_of=None) -> int:
    """Tell the owner of each stale golden indicator (newest value older than the municipality's
    setting, or none at all). Keyed by the golden row and the year, so a daily run tells them once a
    year; one failure never stops the others. Returns how many were notified."""
    import logging

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext_lazy

    from core import notifications
    from mapping import selectors

    log = logging.getLogger(__name__)
    as_of = as_of or timezone.localdate()
    sent = 0
    for row in selectors.golden_freshness(municipality=municipality, as_of=as_of):
        if not row.stale:
            continue
        recipient, email = _owner_address(row.golden)
        if recipient is None and not email:
            continue
        try:
            with transaction.atomic():
                done = notifications.notify(
                    kind="mapping.golden_stale",
                    key=f"golden:{row.golden.pk}:year:{as_of.year}",
                    recipient=recipient, email=None if recipient is not None else email,
                    municipality=municipality.pk,
                    subject=gettext_lazy("Golden data to update: %(indicator)s"),
                    body_template="mapping/email/golden_stale.txt",
                    context={"indicator": row.golden.indicator, "last_year": row.last_year,
                             "years": row.stale_after, "municipality": municipality},
                    url=reverse("mapping:golden", args=[municipality.slug]))
        except Exception:  # noqa: BLE001 - one bad row never stops the others
            log.exception("stale golden-data notice for %s failed", row.golden.pk)
            continue
        sent += done is not None
    return sent


def _owner_address(golden):
    if golden.owner_user_id:
        return golden.owner_user, ""
    person = golden.owner_person
    if person is None:
        return None, ""
    if person.user_id:
        return person.user, ""
    return None, person.email
