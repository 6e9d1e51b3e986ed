"""Reading the CBS registry of local authorities (shared/data/israel_local_authorities.csv).

`parse_authorities` validates every row and returns either the clean rows or the list of errors by
row and column; `import_authorities` saves all rows in one transaction, or nothing."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from core import spreadsheets
from core.spreadsheets import CellError as RowError  # noqa: F401  (row, column, message)


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _table_from_lines(lines) -> spreadsheets.Table:
    text = lines.read() if hasattr(lines, "read") else "".join(lines)
    return spreadsheets.read_table(text.encode("utf-8"), "registry.csv")


def parse_authorities(lines) -> ParseResult:
    """Validate every row of a CBS registry CSV (lines or a text file): the clean rows, or the
    errors by row and column."""
    from municipalities.imports import AUTHORITIES

    preview = spreadsheets.validate(AUTHORITIES, _table_from_lines(lines))
    return ParseResult(rows=[r.values for r in preview.rows], errors=preview.errors)


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


def import_authorities(path: Path | str, *, by=None) -> tuple[ImportSummary, list[RowError]]:
    """Create or update one Municipality per row, keyed by CBS code (the spreadsheet spec
    `municipalities.imports.AUTHORITIES`). On any error nothing is saved."""
    from municipalities.imports import AUTHORITIES

    with open(path, "rb") as handle:
        table = spreadsheets.read_table(handle.read(), str(path))
    preview = spreadsheets.apply(AUTHORITIES, table, by=by)
    if preview.errors:
        return ImportSummary(), preview.errors
    return ImportSummary(len(preview.new), len(preview.changed), preview.unchanged), []
