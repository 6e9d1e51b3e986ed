"""Reading the CBS registry of local authorities (shared/data/israel_local_authorities.csv).

`parse_authorities` validates every row and returns either the clean rows or the list of errors by
row and column; `import_authorities` saves all rows in one transaction, or nothing."""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from municipalities.models import Municipality, MunicipalityKind, PopulationSector

POPULATION_YEAR = 2021
SOCIOECONOMIC_YEAR = 2019
PERIPHERALITY_YEAR = 2020

REQUIRED_COLUMNS = ["cbs_code", "name_he", "name_en", "status", "district", "population",
                    "socioeconomic_cluster", "peripherality_cluster", "peripherality_index", "sector"]
KINDS = {"city": MunicipalityKind.CITY, "local_council": MunicipalityKind.LOCAL_COUNCIL,
         "regional_council": MunicipalityKind.REGIONAL_COUNCIL}
CODE_RE = re.compile(r"^\d{1,4}$")


@dataclass
class RowError:
    row: int      # line number in the file (the header is line 1)
    column: str
    message: str

    def __str__(self):
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _int(value, column, line, errors, *, lo=None, hi=None, required=False):
    if value in ("", None):
        if required:
            errors.append(RowError(line, column, _("a value is required")))
        return None
    try:
        number = int(value)
    except ValueError:
        errors.append(RowError(line, column, _("“%(value)s” is not a whole number") % {"value": value}))
        return None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        errors.append(RowError(line, column, _("%(value)s is outside %(lo)s–%(hi)s") % {
            "value": number, "lo": lo, "hi": hi}))
        return None
    return number


def _dec(value, column, line, errors, *, lo=None, hi=None):
    if value in ("", None):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors.append(RowError(line, column, _("“%(value)s” is not a number") % {"value": value}))
        return None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        errors.append(RowError(line, column, _("%(value)s is outside %(lo)s–%(hi)s") % {
            "value": number, "lo": lo, "hi": hi}))
        return None
    return number


def parse_authorities(lines) -> ParseResult:
    result = ParseResult()
    reader = csv.DictReader(lines)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(RowError(1, ", ".join(missing), _("required column is missing")))
        return result
    seen_codes: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        errors: list[RowError] = []
        code = (raw.get("cbs_code") or "").strip()
        if not CODE_RE.match(code):
            errors.append(RowError(line, "cbs_code", _("“%(value)s” is not a CBS code (1-4 digits, as text)")
                                   % {"value": code}))
        elif code in seen_codes:
            errors.append(RowError(line, "cbs_code", _("code %(code)s already appears on row %(row)s") % {
                "code": code, "row": seen_codes[code]}))
        else:
            seen_codes[code] = line
        name_he = (raw.get("name_he") or "").strip()
        if not name_he:
            errors.append(RowError(line, "name_he", _("a value is required")))
        status = (raw.get("status") or "").strip()
        if status not in KINDS:
            errors.append(RowError(line, "status", _("“%(value)s” is not one of: %(choices)s") % {
                "value": status, "choices": ", ".join(KINDS)}))
        sector = (raw.get("sector") or "").strip()
        if sector and sector not in PopulationSector.values:
            errors.append(RowError(line, "sector", _("“%(value)s” is not one of: %(choices)s") % {
                "value": sector, "choices": ", ".join(PopulationSector.values)}))
        row = {
            "cbs_code": code,
            "name_he": name_he,
            "name_en": (raw.get("name_en") or "").strip().title(),
            "kind": KINDS.get(status),
            "district": (raw.get("district") or "").strip(),
            "district_en": (raw.get("district_en") or "").strip(),
            "sector": sector,
            "population": _int(raw.get("population"), "population", line, errors, lo=0, required=True),
            "population_year": POPULATION_YEAR,
            "socioeconomic_cluster": _int(raw.get("socioeconomic_cluster"), "socioeconomic_cluster", line,
                                          errors, lo=1, hi=10, required=True),
            "socioeconomic_index": _dec(raw.get("socioeconomic_index"), "socioeconomic_index", line, errors),
            "socioeconomic_rank": _int(raw.get("socioeconomic_rank"), "socioeconomic_rank", line, errors,
                                       lo=1, hi=400),
            "socioeconomic_year": SOCIOECONOMIC_YEAR,
            "peripherality_cluster": _int(raw.get("peripherality_cluster"), "peripherality_cluster", line,
                                          errors, lo=1, hi=10, required=True),
            "peripherality_index": _dec(raw.get("peripherality_index"), "peripherality_index", line, errors),
            "peripherality_rank": _int(raw.get("peripherality_rank"), "peripherality_rank", line, errors,
                                       lo=1, hi=400),
            "peripherality_year": PERIPHERALITY_YEAR,
            "pct_jews_and_others": _dec(raw.get("pct_jews_and_others"), "pct_jews_and_others", line, errors,
                                        lo=0, hi=100),
            "pct_arabs": _dec(raw.get("pct_arabs"), "pct_arabs", line, errors, lo=0, hi=100),
            "pct_haredi": _dec(raw.get("pct_haredi_2022"), "pct_haredi_2022", line, errors, lo=0, hi=100),
        }
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(apply_network_names(row))
    return result


# Readable slugs and common English/Arabic names for the foundation's network (the CBS file has
# only its upper-case transliteration and no Arabic names).
NETWORK_NAMES = {
    "7100": ("ashkelon", "Ashkelon", "عسقلان"),
    "0031": ("ofakim", "Ofakim", "أوفاكيم"),
    "1034": ("kiryat-malakhi", "Kiryat Malakhi", "كريات ملاخي"),
    "1031": ("sderot", "Sderot", "سديروت"),
    "1061": ("nof-hagalil", "Nof HaGalil", "نوف هجليل"),
    "9200": ("beit-shean", "Beit She'an", "بيت شآن"),
    "0502": ("yarka", "Yarka", "يركا"),
    "9100": ("nahariya", "Nahariya", "نهاريا"),
    "0099": ("mitzpe-ramon", "Mitzpe Ramon", "متسبي رامون"),
    "1139": ("karmiel", "Karmiel", "كرميئيل"),
    "56": ("misgav", "Misgav", "مسغاف"),
    "0516": ("majd-al-krum", "Majd al-Krum", "مجد الكروم"),
    "0483": ("bina", "Bi'ina", "البعنة"),
    "0490": ("deir-al-asad", "Deir al-Asad", "دير الأسد"),
    "0522": ("nahf", "Nahf", "نحف"),
    "0543": ("rame", "Rame", "الرامة"),
    "0525": ("sajur", "Sajur", "ساجور"),
}


# Arabic names of all 255 authorities (and an English name where CBS has none): a translation made for
# this project, see data/authority_names.SOURCE.md.
AUTHORITY_NAMES_PATH = Path(__file__).resolve().parent.parent / "data" / "authority_names.csv"


@functools.cache
def authority_names() -> dict[str, dict]:
    if not AUTHORITY_NAMES_PATH.exists():
        return {}
    with open(AUTHORITY_NAMES_PATH, encoding="utf-8-sig", newline="") as handle:
        return {r["cbs_code"].strip(): r for r in csv.DictReader(handle)}


def apply_network_names(row: dict) -> dict:
    names = authority_names().get(row["cbs_code"], {})
    row = {**row, "name_ar": (names.get("name_ar") or "").strip(),
           "name_en": row["name_en"] or (names.get("name_en") or "").strip()}
    known = NETWORK_NAMES.get(row["cbs_code"])
    if known:
        row = {**row, "name_en": known[1], "name_ar": known[2]}
    return row


def slug_for(row: dict) -> str:
    known = NETWORK_NAMES.get(row["cbs_code"])
    if known:
        return known[0]
    return slugify(row["name_en"]) or f"authority-{row['cbs_code']}"


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def import_authorities(path: Path | str) -> tuple[ImportSummary, list[RowError]]:
    """Create or update one Municipality per row, keyed by CBS code. On any error nothing is saved."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        parsed = parse_authorities(handle)
    if parsed.errors:
        return ImportSummary(), parsed.errors
    summary = ImportSummary()
    existing = {m.cbs_code: m for m in Municipality.objects.filter(cbs_code__isnull=False)}
    used_slugs = set(Municipality.objects.values_list("slug", flat=True))
    for row in parsed.rows:
        current = existing.get(row["cbs_code"])
        if current is None:
            slug = slug_for(row)
            if slug in used_slugs:
                slug = f"{slug}-{row['cbs_code']}"
            used_slugs.add(slug)
            municipality = Municipality(slug=slug, **row)
            municipality._change_reason = "CBS registry import"
            municipality.full_clean()
            municipality.save()
            summary.created += 1
            continue
        changed = [k for k, v in row.items() if getattr(current, k) != v]
        if not changed:
            summary.unchanged += 1
            continue
        for key in changed:
            setattr(current, key, row[key])
        current._change_reason = "CBS registry import"
        current.full_clean()
        current.save()
        summary.updated += 1
    return summary, []
