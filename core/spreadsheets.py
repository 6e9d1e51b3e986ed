"""Spreadsheet import and export: one mechanism for every stage.

A stage declares an `ImportSpec` per resource: its columns (key, header label, type, required), the
natural key that matches a file row to an existing record, how to list the current records (for the
diff and the export) and the service that writes one row. From that one declaration:

- `read_table(data, filename)` reads CSV (UTF-8 with or without BOM, or Windows-1255; comma, semicolon
  or tab) or XLSX (openpyxl; numbers and dates as Excel stores them);
- `validate(spec, table, context)` parses every cell and returns a `Preview`: errors by row and column
  (translated, "Row 7, column “Year”: not a whole number"), and which rows would be created, changed
  (with field diffs) or left alone;
- `apply(spec, table, context, by)` validates again and writes every row through the spec's service
  inside one transaction: all rows or none;
- `export_xlsx(spec, context)` / `export_csv(spec, context)` write exactly the file the import reads
  (same headers, same column order, the current rows filled), so export → edit in Excel → re-import
  works, and an unchanged round trip reports 0 created, 0 changed.

`write_xlsx(sheets)` is the one Excel writer (frozen header, auto-filter, column widths, numbers and
money as numeric cells, dates as dates, right-to-left for Hebrew and Arabic, formula injection
neutralised); reports that are not imports (selection comparison, MOU budget) use it too.

Large files go through `core.models.ImportJob` and the Celery tasks in `core.tasks` (see
`core/imports.py`)."""
from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TEXT, INT, DECIMAL, MONEY, DATE, CHOICE, BOOL = "text", "int", "decimal", "money", "date", "choice", "bool"
NUMERIC_TYPES = (INT, DECIMAL, MONEY)
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 10_000


class CellProblem(Exception):
    """Raised by a parser or validator: the message is shown for the cell."""


@dataclass
class CellError:
    row: int       # the row in the sheet (the header is row 1)
    column: str    # the column's header as the file has it (or as the spec names it)
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}

    def as_dict(self):
        return {"row": self.row, "column": str(self.column), "message": str(self.message)}


@dataclass
class Column:
    """One column of an import/export spec.

    `key`: the key of the parsed value (the model field or service argument); `label`: the header
    (translated, lazily); `type`: text, int, decimal, money, date, choice or bool; `choices`: (code,
    label) pairs, read by code or label in any language; `required`: a value is needed (and the
    header); `header_required`: the header must be there even when a value may be empty;
    `aliases`: other headers read as this column; `export_as`: "code" or "label" for choices."""

    key: str
    label: Any
    type: str = TEXT
    required: bool = False
    header_required: bool | None = None
    choices: Any = None                     # list of (code, label), or a callable returning one
    min_value: Any = None
    max_value: Any = None
    max_length: int | None = None
    decimal_places: int | None = None
    validators: list = field(default_factory=list)   # callables(value) raising CellProblem/ValidationError
    aliases: tuple = ()
    export_as: str = "label"
    width: int | None = None
    help: Any = ""

    def __post_init__(self):
        if self.header_required is None:
            self.header_required = self.required
        if self.type == MONEY and self.decimal_places is None:
            self.decimal_places = 2

    @property
    def header(self) -> str:
        return str(self.label)

    def choice_list(self):
        return list(self.choices() if callable(self.choices) else (self.choices or []))

    def headers_accepted(self) -> set[str]:
        cached = getattr(self, "_accepted", None)
        if cached is not None:
            return cached
        names = {_norm(self.key)}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(_norm(str(self.label)))
                names.update(_norm(str(a)) for a in self.aliases)
        self._accepted = names - {""}
        return self._accepted

    # --- reading -------------------------------------------------------------------------------
    def parse(self, raw):
        """A cell (text from CSV, or a typed openpyxl value) → a Python value, or None when empty."""
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if self.required:
                raise CellProblem(_("a value is required"))
            return None
        value = getattr(self, f"_parse_{self.type}")(raw)
        if self.min_value is not None or self.max_value is not None:
            if (self.min_value is not None and value < self.min_value) or \
                    (self.max_value is not None and value > self.max_value):
                if self.min_value is not None and self.max_value is not None:
                    raise CellProblem(_("%(value)s is outside %(lo)s–%(hi)s") % {
                        "value": value, "lo": self.min_value, "hi": self.max_value})
                if self.min_value is not None:
                    raise CellProblem(_("%(value)s is below the minimum %(lo)s") % {"value": value,
                                                                                   "lo": self.min_value})
                raise CellProblem(_("%(value)s is above the maximum %(hi)s") % {"value": value,
                                                                               "hi": self.max_value})
        for validator in self.validators:
            try:
                validator(value)
            except ValidationError as exc:
                raise CellProblem(" ".join(exc.messages)) from exc
        return value

    def _parse_text(self, raw):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, (datetime.datetime, datetime.date)):
            raw = raw.isoformat()
        text = str(raw).strip()
        if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]  # the apostrophe our CSV export puts before a formula-like text
        limit = self.max_length or MAX_CELL_TEXT
        if len(text) > limit:
            raise CellProblem(_("longer than %(n)s characters") % {"n": limit})
        return text

    def _parse_int(self, raw):
        if isinstance(raw, bool):
            raise CellProblem(_("“%(value)s” is not a whole number") % {"value": raw})
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float):
            if raw.is_integer():
                return int(raw)
            raise CellProblem(_("“%(value)s” is not a whole number") % {"value": raw})
        text = _strip_number(str(raw))
        if not re.fullmatch(r"[-+]?\d+(\.0+)?", text):
            raise CellProblem(_("“%(value)s” is not a whole number") % {"value": raw})
        return int(Decimal(text))

    def _parse_decimal(self, raw):
        if isinstance(raw, bool):
            raise CellProblem(_("“%(value)s” is not a number") % {"value": raw})
        if isinstance(raw, (int, float)):
            number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        else:
            try:
                number = Decimal(_strip_number(str(raw)))
            except InvalidOperation:
                raise CellProblem(_("“%(value)s” is not a number") % {"value": raw}) from None
        if not number.is_finite() or abs(number) >= Decimal("1e15"):
            raise CellProblem(_("“%(value)s” is not a number") % {"value": raw})
        if self.decimal_places is not None:
            rounded = number.quantize(Decimal(1).scaleb(-self.decimal_places))
            if self.type == MONEY and rounded != number and abs(rounded - number) >= Decimal("0.000001"):
                raise CellProblem(_("%(value)s has more than %(n)s decimal places") % {
                    "value": raw, "n": self.decimal_places})
            number = rounded
        return number

    _parse_money = _parse_decimal

    def _parse_date(self, raw):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = str(raw).strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise CellProblem(_("“%(value)s” is not a date (for example 2026-03-31 or 31/03/2026)") % {"value": raw})

    def _parse_choice(self, raw):
        text = _norm(self._parse_text(raw))
        choices = self.choice_list()
        for code, label in choices:
            if text == _norm(code):
                return code
        for code, label in choices:
            for lang, _name in settings.LANGUAGES:
                with translation.override(lang):
                    if text == _norm(str(label)):
                        return code
        shown = [str(code) if self.export_as == "code" else str(label) for code, label in choices]
        raise CellProblem(_("“%(value)s” is not one of: %(choices)s") % {"value": raw, "choices": ", ".join(shown)})

    def _parse_bool(self, raw):
        if isinstance(raw, bool):
            return raw
        text = _norm(str(raw))
        if text in {"1", "yes", "true", "y", "כן", "نعم", _norm(_("yes"))}:
            return True
        if text in {"0", "no", "false", "n", "לא", "لا", _norm(_("no"))}:
            return False
        raise CellProblem(_("“%(value)s” is not yes or no") % {"value": raw})

    # --- writing -------------------------------------------------------------------------------
    def export_value(self, value):
        """A Python value → what the cell holds (numbers stay numbers, choices their code/label)."""
        if value is None:
            return None
        if self.type == CHOICE:
            if self.export_as == "code":
                return str(value)
            return str(dict(self.choice_list()).get(value, value))
        if self.type == BOOL:
            return _("yes") if value else _("no")
        return value


def _norm(value) -> str:
    return re.sub(r"\s+", " ", str(value or "").replace("\ufeff", "")).strip().casefold()


def _strip_number(text: str) -> str:
    return text.replace("\u200f", "").replace("\u200e", "").replace("₪", "").replace(",", "") \
        .replace("\u00a0", "").replace(" ", "").strip()


@dataclass
class Table:
    """The cells of a file: the header row and the data rows (row number in the sheet, cells)."""

    headers: list[str]
    rows: list[tuple[int, list]]

    def __len__(self):
        return len(self.rows)


class UnreadableFile(ValueError):
    pass


def read_table(data: bytes, filename: str) -> Table:
    """CSV or XLSX bytes → a Table. Fully empty rows are skipped (their row numbers are kept)."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1255"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1255 decodes nearly anything
        raise UnreadableFile(_("The CSV file is not UTF-8 text."))
    if "\x00" in text:
        raise UnreadableFile(_("The file is not a CSV text file."))
    sample = text[:4096]
    delimiter = ","
    first = sample.splitlines()[0] if sample else ""
    if first.count(";") > first.count(",") and first.count(";") >= first.count("\t"):
        delimiter = ";"
    elif first.count("\t") > first.count(","):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers, rows = None, []
    for number, cells in enumerate(reader, start=1):
        if headers is None:
            headers = [c.replace("\ufeff", "").strip() for c in cells]
            continue
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    return Table(headers or [], rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise UnreadableFile(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        headers, rows = None, []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if headers is None:
                headers = [str(c).replace("\ufeff", "").strip() if c is not None else "" for c in cells]
                continue
            cells = list(cells)
            if any(c is not None and str(c).strip() != "" for c in cells):
                rows.append((number, cells))
    finally:
        workbook.close()
    return Table(headers or [], rows)


# --- the spec -------------------------------------------------------------------------------------
@dataclass
class FieldDiff:
    key: str
    label: str
    old: Any
    new: Any

    def __iter__(self):  # `{% for label, old, new in row.changes %}`
        return iter((self.label, self.old, self.new))


CREATE, CHANGE, UNCHANGED = "create", "change", "unchanged"


@dataclass
class RowPlan:
    row: int
    action: str
    values: dict
    current: Any = None
    diffs: list[FieldDiff] = field(default_factory=list)
    label: str = ""
    instance_name: str = ""

    @property
    def changes(self):
        return self.diffs

    @property
    def row_values(self):
        return self.values

    def __getattr__(self, name):
        # A spec may name its record ("municipality") so templates and callers read row.municipality.
        if name != "instance_name" and name == self.__dict__.get("instance_name"):
            return self.__dict__.get("current")
        raise AttributeError(name)


@dataclass
class Preview:
    """What a file would do: errors by row and column, or rows to create, change or leave alone."""

    errors: list[CellError] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    missing: list = field(default_factory=list)  # current records the file does not mention (kept)
    total: int = 0

    @property
    def new(self):
        return [r for r in self.rows if r.action == CREATE]

    @property
    def changed(self):
        return [r for r in self.rows if r.action == CHANGE]

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == UNCHANGED)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {"created": len(self.new), "changed": len(self.changed), "unchanged": self.unchanged,
                "missing": len(self.missing), "errors": len(self.errors), "total": self.total}

    def as_dict(self, *, limit: int = 500) -> dict:
        """A JSON-able summary (stored on an ImportJob and rendered by core/imports/preview.html)."""
        shown = [r for r in self.rows if r.action != UNCHANGED][:limit]
        return {**self.counts(),
                "errors_list": [e.as_dict() for e in self.errors[:limit]],
                "rows": [{"row": r.row, "action": r.action, "label": r.label,
                          "diffs": [[str(d.label), _display(d.old), _display(d.new)] for d in r.diffs]}
                         for r in shown],
                "missing_list": [str(m) for m in self.missing[:limit]]}


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


@dataclass
class ImportSpec:
    """How one resource is read from and written to a spreadsheet.

    - `existing(context)` → {natural key tuple: record}: the records a file row may match (and the
      rows the export writes, in order, unless `export_rows` is given);
    - `value_of(record, key, context)` → the record's current value of a column/key (default getattr);
    - `clean_row(values, current, context)` → list of (column key, message): checks across columns,
      and fixes (e.g. padding codes); may change `values` in place;
    - `save_row(*, plan, context, by)`: the app's service writing one created/changed row;
    - `before_apply` / `after_apply(*, preview, context, by)`: once per file, inside the transaction.
    """

    name: str
    title: Any
    columns: list[Column]
    key: tuple[str, ...]
    existing: Callable[[dict], dict]
    save_row: Callable[..., Any]
    value_of: Callable[[Any, str, dict], Any] | None = None
    clean_row: Callable[[dict, Any, dict], list] | None = None
    check_headers: Callable[[set, dict], list] | None = None
    check: Callable[[dict], list] | None = None
    compare: list[str] | Callable[[dict], list[str]] | None = None   # keys diffed (default all but the key)
    labels: dict = field(default_factory=dict)                        # labels of keys that are not columns
    row_label: Callable[[dict, Any], str] | None = None
    before_apply: Callable[..., Any] | None = None
    after_apply: Callable[..., Any] | None = None
    export_rows: Callable[[dict], Iterable] | None = None
    missing_of: Callable[[dict, set], list] | None = None
    instance_name: str = ""
    sheet_title: Any = None
    permission: str = ""            # who may apply it (checked with the job's municipality, if any)
    page_url: str = ""              # URL name of the stage's import page (the job page links back)
    rtl: bool | None = None

    def column(self, key) -> Column:
        return next(c for c in self.columns if c.key == key)

    def label_for(self, key) -> str:
        for c in self.columns:
            if c.key == key:
                return c.header
        return str(self.labels.get(key, key))

    def current_value(self, record, key, context):
        if self.value_of is not None:
            return self.value_of(record, key, context)
        return getattr(record, key, None)


_REGISTRY: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    _REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> ImportSpec:
    if name not in _REGISTRY:
        # Specs live in the stage apps' `imports` modules; load them on first use.
        import importlib

        from django.apps import apps
        from django.utils.module_loading import module_has_submodule

        for config in apps.get_app_configs():
            ours = str(config.path).startswith(str(settings.BASE_DIR)) and "site-packages" not in str(config.path)
            if ours and module_has_submodule(config.module, "imports"):
                importlib.import_module(f"{config.name}.imports")
    return _REGISTRY[name]


# --- validate and apply ---------------------------------------------------------------------------
def _map_headers(spec: ImportSpec, headers: list[str]):
    """Column key → index in the file, and the header-level errors."""
    positions, errors = {}, []
    seen_names = {}
    for index, header in enumerate(headers):
        name = _norm(header)
        if not name:
            continue
        for column in spec.columns:
            if column.key not in positions and name in column.headers_accepted():
                positions[column.key] = index
                seen_names[column.key] = header
                break
    missing = [c for c in spec.columns if c.header_required and c.key not in positions]
    if missing:
        errors.append(CellError(1, ", ".join(c.header for c in missing), _("required column is missing")))
    return positions, seen_names, errors


def validate(spec: ImportSpec, table: Table, context: dict | None = None, *,
             progress: Callable[[int, int], None] | None = None) -> Preview:
    context = {} if context is None else context
    preview = Preview(total=len(table.rows))
    if spec.check:
        preview.errors.extend(CellError(1, col, msg) for col, msg in spec.check(context))
        if preview.errors:
            return preview
    positions, names, header_errors = _map_headers(spec, table.headers)
    preview.errors.extend(header_errors)
    if spec.check_headers and not header_errors:
        preview.errors.extend(CellError(1, col, msg) for col, msg in spec.check_headers(set(positions), context))
    if preview.errors:
        return preview
    present = [c for c in spec.columns if c.key in positions]
    existing = spec.existing(context)
    seen_keys: dict[tuple, int] = {}
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        values, row_errors = {}, []
        for column in present:
            index = positions[column.key]
            raw = cells[index] if index < len(cells) else None
            try:
                values[column.key] = column.parse(raw)
            except CellProblem as exc:
                row_errors.append(CellError(number, names[column.key], str(exc)))
        key_failed = any(e.column in {names.get(k) for k in spec.key} for e in row_errors)
        natural = tuple(values.get(k) for k in spec.key)
        current = None if key_failed else existing.get(natural)
        if spec.clean_row and not row_errors:
            for col, message in spec.clean_row(values, current, context) or []:
                row_errors.append(CellError(number, names.get(col, spec.label_for(col)), message))
            natural = tuple(values.get(k) for k in spec.key)
            current = existing.get(natural)
        if not row_errors and not key_failed:
            if natural in seen_keys:
                column = names.get(spec.key[0], spec.label_for(spec.key[0]))
                row_errors.append(CellError(number, column, _("the same %(key)s as row %(row)s") % {
                    "key": ", ".join(spec.label_for(k) for k in spec.key), "row": seen_keys[natural]}))
            else:
                seen_keys[natural] = number
        if row_errors:
            preview.errors.extend(row_errors)
        elif not preview.errors:
            preview.rows.append(_plan_row(spec, number, values, current, context))
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)
    if preview.errors:
        preview.rows = []
        return preview
    if spec.missing_of:
        preview.missing = spec.missing_of(context, set(seen_keys))
    return preview


def _plan_row(spec, number, values, current, context) -> RowPlan:
    label = spec.row_label(values, current) if spec.row_label else \
        " · ".join(str(values.get(k)) for k in spec.key)
    if current is None:
        return RowPlan(number, CREATE, values, None, [], label, spec.instance_name)
    keys = spec.compare(values) if callable(spec.compare) else spec.compare
    if keys is None:
        keys = [k for k in values if k not in spec.key]
    diffs = []
    for key in keys:
        if key not in values:
            continue
        old = spec.current_value(current, key, context)
        new = values[key]
        if values_differ(old, new):
            diffs.append(FieldDiff(key, spec.label_for(key), old, new))
    return RowPlan(number, CHANGE if diffs else UNCHANGED, values, current, diffs, label, spec.instance_name)


def values_differ(old, new) -> bool:
    """Whether an imported value changes the stored one: empty and None are the same, numbers compare
    by value (2 == 2.0 == Decimal("2.00")). Public: the apps' import specs use it too."""
    if old in (None, "") and new in (None, ""):
        return False
    if isinstance(old, (int, float, Decimal)) and isinstance(new, (int, float, Decimal)) \
            and not isinstance(old, bool):
        return Decimal(str(old)) != Decimal(str(new))
    return old != new


class ImportFailed(Exception):
    def __init__(self, preview: Preview):
        super().__init__(f"{len(preview.errors)} error(s)")
        self.preview = preview


def apply(spec: ImportSpec, table: Table, context: dict | None = None, *, by=None,
          progress: Callable[[int, int], None] | None = None, validated: Preview | None = None) -> Preview:
    """Validate and write every created/changed row through `spec.save_row`, in one transaction. On
    any error (in the file, or refused by a service) nothing is saved: the returned preview carries
    the errors."""
    context = {} if context is None else context
    try:
        with transaction.atomic():
            preview = validated or validate(spec, table, context, progress=progress)
            if preview.errors:
                return preview
            todo = [r for r in preview.rows if r.action != UNCHANGED]
            if spec.before_apply:
                spec.before_apply(preview=preview, context=context, by=by)
            for done, plan in enumerate(todo, start=1):
                try:
                    spec.save_row(plan=plan, context=context, by=by)
                except ValidationError as exc:
                    errors = [CellError(plan.row, spec.label_for(key) if key != "__all__" else "—", message)
                              for key, messages in _message_dict(exc).items() for message in messages]
                    preview.errors.extend(errors)
                    raise ImportFailed(preview) from exc
                if progress and (done % 100 == 0 or done == len(todo)):
                    progress(done, len(todo))
            if spec.after_apply:
                spec.after_apply(preview=preview, context=context, by=by)
    except ImportFailed as failed:
        failed.preview.rows = []
        return failed.preview
    return preview


def _message_dict(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}


# --- export ---------------------------------------------------------------------------------------
def rows_for_export(spec: ImportSpec, context: dict) -> list[list]:
    records = spec.export_rows(context) if spec.export_rows else spec.existing(context).values()
    return [[c.export_value(spec.current_value(r, c.key, context)) for c in spec.columns] for r in records]


def export_csv(spec: ImportSpec, context: dict | None = None) -> bytes:
    context = {} if context is None else context
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in spec.columns])
    for row in rows_for_export(spec, context):
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return neutralize(value)
    return value


def export_xlsx(spec: ImportSpec, context: dict | None = None) -> bytes:
    context = {} if context is None else context
    sheet = Sheet(title=str(spec.sheet_title or spec.title),
                  columns=[SheetColumn(c.header, c.type if c.type in NUMERIC_TYPES + (DATE,) else TEXT,
                                       c.width, c.decimal_places) for c in spec.columns],
                  rows=rows_for_export(spec, context), rtl=spec.rtl)
    return write_xlsx([sheet])


# --- the one Excel writer -------------------------------------------------------------------------
@dataclass
class SheetColumn:
    label: Any
    type: str = TEXT           # text, int, decimal, money, percent, date
    width: int | None = None
    decimal_places: int | None = None


@dataclass
class Sheet:
    title: str
    columns: list[SheetColumn]
    rows: list[list]
    rtl: bool | None = None              # None: right-to-left when the active language is
    totals: list | None = None           # a last row in bold (e.g. the budget total)


def neutralize(text: str) -> str:
    """A text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_xlsx(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    rtl_language = translation.get_language_bidi()
    for spec in sheets:
        ws = workbook.create_sheet(title=_sheet_title(spec.title))
        ws.sheet_view.rightToLeft = rtl_language if spec.rtl is None else spec.rtl
        ws.append([str(c.label) for c in spec.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [len(str(c.label)) for c in spec.columns]
        body = list(spec.rows) + ([spec.totals] if spec.totals else [])
        for r, values in enumerate(body, start=2):
            for i, column in enumerate(spec.columns):
                value = values[i] if i < len(values) else None
                cell = ws.cell(row=r, column=i + 1)
                if value is None or value == "":
                    continue
                if column.type in NUMERIC_TYPES + ("percent",) and isinstance(value, (int, float, Decimal)) \
                        and not isinstance(value, bool):
                    cell.value = float(value) if isinstance(value, Decimal) and column.type != INT else value
                    if isinstance(value, Decimal) and column.type == INT:
                        cell.value = int(value)
                    if column.type == MONEY:
                        cell.number_format = MONEY_FORMAT
                    elif column.type == DECIMAL and column.decimal_places is not None:
                        cell.number_format = "0." + "0" * column.decimal_places if column.decimal_places else "0"
                    elif column.type == "percent":
                        cell.number_format = "0"
                elif column.type == DATE and isinstance(value, (datetime.date, datetime.datetime)):
                    cell.value = value
                    cell.number_format = DATE_FORMAT
                else:
                    text = str(value) if not isinstance(value, str) else value
                    cell.value = text
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
                    if text.startswith(FORMULA_PREFIXES):
                        cell.quotePrefix = True   # Excel's own "text, not a formula" (the ' prefix)
                widths[i] = max(widths[i], len(_width_text(cell.value)))
        if spec.totals:
            for cell in ws[len(body) + 1]:
                cell.font = Font(bold=True)
        for i, column in enumerate(spec.columns):
            width = column.width or min(max(widths[i] + 2, 8), 60)
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "A2"
        if spec.columns:
            last = max(len(body) + 1, 1)
            ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{last}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _width_text(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "2026-12-31"
    return str(value)


def _sheet_title(title) -> str:
    text = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip() or "Sheet"
    return text[:31]


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def xlsx_response(content: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(content: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ACTION_LABELS = {CREATE: gettext_lazy("new"), CHANGE: gettext_lazy("changed"), UNCHANGED: gettext_lazy("unchanged")}
