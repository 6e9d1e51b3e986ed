"""Reads of the indicator store (the public face of stage 5's data).

The store holds the CBS registry's figures and the social-mobility indicators of every authority as
per-year values. It is the national registry every stage reads, including stage 1 (selection), which
compares all 255 authorities before any of them is a partner: so these reads are across
municipalities on purpose (`IndicatorValue.all_municipalities`), and callers are HQ-only pages
(docs/architecture.md, "Public faces and import rules")."""
from __future__ import annotations

from django.db.models import OuterRef, Subquery

from mapping.models import IndicatorValue


def latest_value(*, code: str, field: str = "value", municipality=None) -> Subquery:
    """A subquery expression for annotating a Municipality queryset in one query: the newest data
    year's `value` (or `data_year`, `source`...) of indicator `code` for the outer row's municipality
    (`municipality`: an expression, default `OuterRef("pk")`). Two sources for the same year: the
    latest import wins (deterministic, never whichever row the database returns first)."""
    municipality = OuterRef("pk") if municipality is None else municipality
    return Subquery(IndicatorValue.all_municipalities
                    .filter(municipality=municipality, indicator__code=code)
                    .order_by("-data_year", "-imported_at", "-pk").values(field)[:1])


def municipality_values(*, municipality_id: int) -> list[IndicatorValue]:
    """Every stored value of one municipality with its indicator, by indicator code, newest data
    year first."""
    return list(IndicatorValue.all_municipalities.filter(municipality=municipality_id)
                .select_related("indicator").order_by("indicator__code", "-data_year"))
