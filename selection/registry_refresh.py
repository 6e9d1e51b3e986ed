"""Refreshing the CBS registry from a newer edition (CSV or XLSX upload): parse and validate every
row (errors by row and column), preview what would change, then apply in one transaction. Before a
figure is replaced on the Municipality, its current value is kept in the indicator store with its data
year, and the new figures are stored there under the new edition, so history is never overwritten."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from mapping import services as indicator_services
from mapping.services import IndicatorImportSummary
from municipalities.models import Municipality
from municipalities.registry import KINDS, RowError, parse_authorities, slug_for

COMPARED = ["name_he", "kind", "district", "sector", "population", "population_year",
            "socioeconomic_cluster", "socioeconomic_index", "socioeconomic_year", "peripherality_cluster",
            "peripherality_index", "peripherality_year"]


def upload_to_csv_text(upload) -> str:
    """An uploaded CSV or XLSX → CSV text (UTF-8). XLSX numbers become text. A cbs_code stored as a
    number lost its leading zeros: for a city or local council it is padded to 4 digits as CBS writes
    it; a regional council's number is matched to the code the registry already has for it (its
    codes are not padded, e.g. "02")."""
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise ValueError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        regional = {int(code): code for code in Municipality.objects.filter(kind="regional_council")
                    .exclude(cbs_code__isnull=True).values_list("cbs_code", flat=True) if code.isdigit()}
        out = io.StringIO()
        writer = csv.writer(out)
        header = None
        for cells in sheet.iter_rows(values_only=True):
            if header is None:
                header = [str(c).strip() if c is not None else "" for c in cells]
                writer.writerow(header)
                continue
            row = []
            for column, cell in zip(header, cells):
                if cell is None:
                    row.append("")
                elif isinstance(cell, float) and cell.is_integer():
                    row.append(str(int(cell)))
                else:
                    row.append(str(cell).strip())
            record = dict(zip(header, row))
            code = record.get("cbs_code", "")
            kind = KINDS.get(record.get("status", ""))
            if code.isdigit() and kind in ("city", "local_council"):
                row[header.index("cbs_code")] = code.zfill(4)
            elif code.isdigit() and kind == "regional_council" and int(code) in regional:
                row[header.index("cbs_code")] = regional[int(code)]
            if any(row):
                writer.writerow(row)
        workbook.close()
        return out.getvalue()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("The CSV file is not UTF-8 text.")) from exc


@dataclass
class Change:
    municipality: Municipality | None
    row: dict
    changes: list = field(default_factory=list)   # (field verbose name, old, new)


@dataclass
class Preview:
    errors: list[RowError] = field(default_factory=list)
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    missing: list[Municipality] = field(default_factory=list)   # in the registry, not in the file


def _parse(csv_text: str, years: dict):
    parsed = parse_authorities(io.StringIO(csv_text, newline=""))
    for row in parsed.rows:
        row.update(years)
    return parsed


# The figures each year field dates.
YEAR_FIGURES = {"population_year": ("population",),
                "socioeconomic_year": ("socioeconomic_cluster", "socioeconomic_index"),
                "peripherality_year": ("peripherality_cluster", "peripherality_index")}


def preview(csv_text: str, *, years: dict, explicit_years=None) -> Preview:
    """What applying the file would change. A year the user did not set (`explicit_years` lists those
    they did; None = all) only dates changed figures: an authority whose figures are unchanged keeps
    its own year, so re-uploading the same file changes nothing."""
    parsed = _parse(csv_text, years)
    result = Preview(errors=parsed.errors)
    if parsed.errors:
        return result
    existing = {m.cbs_code: m for m in Municipality.objects.filter(cbs_code__isnull=False)}
    explicit = set(years) if explicit_years is None else set(explicit_years)
    seen = set()
    for row in parsed.rows:
        current = existing.get(row["cbs_code"])
        seen.add(row["cbs_code"])
        if current is None:
            result.new.append(Change(None, row))
            continue
        for year_field, figures in YEAR_FIGURES.items():
            if year_field in row and year_field not in explicit \
                    and all(getattr(current, f) == row.get(f) for f in figures):
                row[year_field] = getattr(current, year_field)
        diffs = [(Municipality._meta.get_field(k).verbose_name, getattr(current, k), row[k])
                 for k in COMPARED if getattr(current, k) != row[k]]
        if diffs:
            result.changed.append(Change(current, row, diffs))
        else:
            result.unchanged += 1
    result.missing = [m for code, m in sorted(existing.items()) if code not in seen and m.kind != "cluster"]
    return result


@transaction.atomic
def apply(csv_text: str, *, years: dict, edition: str, by,
          explicit_years=None) -> tuple[Preview, IndicatorImportSummary]:
    """Apply a previewed file: all rows or nothing."""
    result = preview(csv_text, years=years, explicit_years=explicit_years)
    if result.errors:
        return result, IndicatorImportSummary(errors=result.errors)
    # 1. Keep the figures being replaced (their own data year) where the store lacks them.
    affected = [c.municipality for c in result.changed]
    indicator_services.registry_values_record(municipalities=affected, source=_("CBS registry (before refresh)"),
                                              by=by, only_missing=True)
    # 2. Write the new edition onto the registry.
    used_slugs = set(Municipality.objects.values_list("slug", flat=True))
    touched = []
    for change in result.changed:
        municipality = change.municipality
        for key, value in change.row.items():
            setattr(municipality, key, value)
        municipality._history_user = by
        municipality._change_reason = edition[:100]
        municipality.full_clean()
        municipality.save()
        touched.append(municipality)
    for change in result.new:
        slug = slug_for(change.row)
        if slug in used_slugs:
            slug = f"{slug}-{change.row['cbs_code']}"
        used_slugs.add(slug)
        municipality = Municipality(slug=slug, **change.row)
        municipality._history_user = by
        municipality._change_reason = edition[:100]
        municipality.full_clean()
        municipality.save()
        touched.append(municipality)
    # 3. The new edition's figures, under its own name and years.
    summary = indicator_services.registry_values_record(municipalities=touched, source=edition, by=by)
    return result, summary
