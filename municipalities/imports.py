"""The CBS registry of local authorities as a spreadsheet spec (core.spreadsheets): the columns of
israel_local_authorities.csv, matched by CBS code, written through
`services.municipality_registry_save`. `import_authorities` (the management command) uses
`AUTHORITIES`; the selection stage's registry refresh builds on the same columns (`registry_columns`).

The headers are CBS's own (an external format, not translated); the model's field names in
Hebrew, English or Arabic are read as well."""
from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets as sheets
from core.spreadsheets import CHOICE, DECIMAL, INT, TEXT, CellProblem, Column, ImportSpec
from municipalities import services
from municipalities.models import Municipality, MunicipalityKind, PopulationSector

POPULATION_YEAR = 2021
SOCIOECONOMIC_YEAR = 2019
PERIPHERALITY_YEAR = 2020
YEARS = {"population_year": POPULATION_YEAR, "socioeconomic_year": SOCIOECONOMIC_YEAR,
         "peripherality_year": PERIPHERALITY_YEAR}
KINDS = {"city": MunicipalityKind.CITY, "local_council": MunicipalityKind.LOCAL_COUNCIL,
         "regional_council": MunicipalityKind.REGIONAL_COUNCIL}
CODE_RE = re.compile(r"^\d{1,4}$")


def _cbs_code(value):
    if not CODE_RE.match(value):
        raise CellProblem(_("“%(value)s” is not a CBS code (1-4 digits, as text)") % {"value": value})


def _verbose(name):
    return Municipality._meta.get_field(name).verbose_name


def registry_columns() -> list[Column]:
    """The columns of the CBS file, in its order."""
    def col(key, label=None, **kw):
        return Column(key, label or key, aliases=(_verbose(key),), **kw)

    return [
        col("cbs_code", type=TEXT, required=True, validators=[_cbs_code], width=10),
        col("name_he", required=True, max_length=120, width=24),
        col("name_en", header_required=True, max_length=120, width=24),
        Column("kind", "status", type=CHOICE, required=True, export_as="code",
               choices=[(k, MunicipalityKind(v).label) for k, v in KINDS.items()], aliases=(_verbose("kind"),)),
        col("district", header_required=True, max_length=60),
        col("population", type=INT, required=True, min_value=0),
        col("socioeconomic_cluster", type=INT, required=True, min_value=1, max_value=10),
        col("peripherality_cluster", type=INT, required=True, min_value=1, max_value=10),
        col("peripherality_index", type=DECIMAL, header_required=True, decimal_places=4),
        Column("sector", "sector", type=CHOICE, header_required=True, export_as="code",
               choices=PopulationSector.choices, aliases=(_verbose("sector"),)),
        col("district_en", max_length=60),
        col("socioeconomic_index", type=DECIMAL, decimal_places=4),
        col("socioeconomic_rank", type=INT, min_value=1, max_value=400),
        col("peripherality_rank", type=INT, min_value=1, max_value=400),
        col("pct_jews_and_others", type=DECIMAL, min_value=0, max_value=100, decimal_places=1),
        col("pct_arabs", type=DECIMAL, min_value=0, max_value=100, decimal_places=1),
        Column("pct_haredi", "pct_haredi_2022", type=DECIMAL, min_value=0, max_value=100, decimal_places=1,
               aliases=(_verbose("pct_haredi"),)),
    ]


def existing_authorities(context) -> dict:
    """The registry by CBS code (clusters have none), in code order."""
    return {(m.cbs_code,): m for m in Municipality.objects.filter(cbs_code__isnull=False).order_by("cbs_code")}


def normalize_row(values: dict, context: dict) -> None:
    """Fixes every CBS file needs: the English name as words, the network's own names, and a code
    that lost its leading zeros (a number in Excel, or a CSV saved by Excel): a city's or local
    council's is padded to 4 digits, as CBS writes it; a regional council's is matched to the code
    the registry has for it (those are not padded, e.g. "02")."""
    from municipalities.registry import apply_network_names

    code, kind = values.get("cbs_code", ""), values.get("kind")
    if code.isdigit() and kind in ("city", "local_council"):
        code = code.zfill(4)
    elif code.isdigit() and kind == "regional_council":
        regional = context.get("_regional")
        if regional is None:
            regional = context["_regional"] = {
                int(c): c for c in Municipality.objects.filter(kind="regional_council", cbs_code__isnull=False)
                .values_list("cbs_code", flat=True) if c.isdigit()}
        code = regional.get(int(code), code)
    values["cbs_code"] = code
    if "name_en" in values:
        values["name_en"] = (values["name_en"] or "").title()
    for key in ("name_en", "district", "district_en"):
        if key in values and values[key] is None:
            values[key] = ""
    if "sector" in values and values["sector"] is None:
        values["sector"] = ""
    values.update(apply_network_names(values))


def registry_row_label(values, current) -> str:
    return f"{current.name if current else values.get('name_he')} ({values.get('cbs_code')})"


def registry_value_of(record, key, context):
    if key == "kind":
        return record.kind
    return getattr(record, key, None)


def missing_authorities(context, seen_keys) -> list:
    return [m for (code,), m in existing_authorities(context).items()
            if (code,) not in seen_keys and m.kind != MunicipalityKind.CLUSTER]


# --- import_authorities: the registry file as it is, with the years of its edition ---------------
def _authorities_clean(values, current, context):
    normalize_row(values, context)
    values.update(YEARS)
    return []


def used_slugs(context) -> set:
    if "_slugs" not in context:
        context["_slugs"] = set(Municipality.objects.values_list("slug", flat=True))
    return context["_slugs"]


def _authorities_save(*, plan, context, by):
    services.municipality_registry_save(municipality=plan.current, data=plan.values, by=by,
                                        reason="CBS registry import", used_slugs=used_slugs(context))


AUTHORITIES = sheets.register(ImportSpec(
    name="municipalities.authorities",
    title=gettext_lazy("CBS registry of local authorities"),
    columns=registry_columns(),
    key=("cbs_code",),
    existing=existing_authorities,
    value_of=registry_value_of,
    clean_row=_authorities_clean,
    save_row=_authorities_save,
    row_label=registry_row_label,
    labels={k: _verbose(k) for k in ("population_year", "socioeconomic_year", "peripherality_year", "name_ar")},
    instance_name="municipality",
    sheet_title="authorities",
    permission="core.hq_admin",
    rtl=True,
))
