"""Refreshing the CBS registry from a newer edition (CSV or XLSX upload), on the shared spreadsheet
mechanism (core.spreadsheets, core.imports): the columns of the CBS file (municipalities.imports),
errors by row and column, a preview of what would change, then apply in one transaction; a file of
more than `IMPORT_BACKGROUND_ROWS` rows is checked and applied as a background job with progress.

Before a figure is replaced on the Municipality, its current value is kept in the indicator store
with its data year, and the new figures are stored there under the new edition, so history is never
overwritten. The export (`export_xlsx`) is the file this import reads, with the registry filled in.

Context of a refresh (stored on the ImportJob): `years` (the year of each kind of figure), the
`explicit_years` the user set, and the `edition` (the source name stored with every value)."""
from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets
from mapping import services as indicator_services
from municipalities import imports as registry
from municipalities import services as municipality_services

KIND = "selection.registry_refresh"
COMPARED = ["name_he", "kind", "district", "sector", "population", "population_year",
            "socioeconomic_cluster", "socioeconomic_index", "socioeconomic_year", "peripherality_cluster",
            "peripherality_index", "peripherality_year"]

# The figures each year field dates.
YEAR_FIGURES = {"population_year": ("population",),
                "socioeconomic_year": ("socioeconomic_cluster", "socioeconomic_index"),
                "peripherality_year": ("peripherality_cluster", "peripherality_index")}


def _clean(values, current, context):
    """The years of the edition. A year the user did not set (`explicit_years` lists those they did;
    None = all) only dates changed figures: an authority whose figures are unchanged keeps its own
    year, so re-uploading the same file changes nothing."""
    registry.normalize_row(values, context)
    years = context.get("years") or {}
    values.update(years)
    if current is None:
        return []
    explicit_years = context.get("explicit_years")
    explicit = set(years) if explicit_years is None else set(explicit_years)
    for year_field, figures in YEAR_FIGURES.items():
        if year_field in values and year_field not in explicit \
                and all(not spreadsheets.values_differ(getattr(current, f), values.get(f)) for f in figures if f in values):
            values[year_field] = getattr(current, year_field)
    return []


def _before_apply(*, preview, context, by):
    # Keep the figures being replaced (with their own data year) where the store lacks them.
    affected = [r.current for r in preview.changed]
    indicator_services.registry_values_record(municipalities=affected, source=_("CBS registry (before refresh)"),
                                              by=by, only_missing=True)
    context["_touched"] = []


def _save(*, plan, context, by):
    municipality = municipality_services.municipality_registry_save(
        municipality=plan.current, data=plan.values, by=by, reason=context.get("edition", ""),
        used_slugs=registry.used_slugs(context))
    context["_touched"].append(municipality)


def _after_apply(*, preview, context, by):
    # The new edition's figures, under its own name and years.
    summary = indicator_services.registry_values_record(municipalities=context.pop("_touched"),
                                                        source=context.get("edition", ""), by=by)
    context["result_values"] = summary.created


SPEC = spreadsheets.register(dataclasses.replace(
    registry.AUTHORITIES,
    name=KIND,
    title=gettext_lazy("Refresh the CBS registry"),
    clean_row=_clean,
    compare=COMPARED,
    before_apply=_before_apply,
    save_row=_save,
    after_apply=_after_apply,
    missing_of=registry.missing_authorities,
    permission="selection.refresh_registry",
    page_url="selection:registry",
))
