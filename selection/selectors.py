"""Reads for locality selection. HQ-wide: registry rows are platform-wide; indicator values are read
across municipalities with `IndicatorValue.all_municipalities` on purpose."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import mean

from django.db.models import OuterRef, Subquery

from mapping.models import IndicatorValue
from municipalities.models import Municipality, MunicipalityKind
from selection import scoring
from selection.models import (
    Candidate,
    CandidateStatus,
    ReadinessCriterion,
    ReadinessScore,
    RubricCriterion,
    SelectionRound,
)

SORTS = {
    "name": "name_he", "kind": "kind", "district": "district", "sector": "sector",
    "population": "population", "se": "socioeconomic_cluster", "per": "peripherality_cluster",
    "bagrut": "bagrut",
}
TABLE_INDICATOR = "bagrut_eligible_pct"


def authorities():
    """The authorities of the CBS registry (clusters of authorities are not candidates)."""
    return Municipality.objects.exclude(kind=MunicipalityKind.CLUSTER)


def _latest_value(code: str):
    return Subquery(IndicatorValue.all_municipalities
                    .filter(municipality=OuterRef("pk"), indicator__code=code)
                    .order_by("-data_year").values("value")[:1])


def authority_filter(criteria: dict, *, sort: str = "name", descending: bool = False):
    """Stage A: the registry filtered by the round's criteria; one query, with the latest
    matriculation rate as an extra column."""
    qs = authorities()
    ranges = [("se_min", "socioeconomic_cluster__gte"), ("se_max", "socioeconomic_cluster__lte"),
              ("per_min", "peripherality_cluster__gte"), ("per_max", "peripherality_cluster__lte"),
              ("pop_min", "population__gte"), ("pop_max", "population__lte")]
    for key, lookup in ranges:
        if criteria.get(key) not in (None, ""):
            qs = qs.filter(**{lookup: criteria[key]})
    for key, field in (("kinds", "kind__in"), ("districts", "district__in"), ("sectors", "sector__in")):
        if criteria.get(key):
            qs = qs.filter(**{field: criteria[key]})
    qs = qs.annotate(bagrut=_latest_value(TABLE_INDICATOR))
    order = SORTS.get(sort, "name_he")
    qs = qs.order_by(("-" if descending else "") + order, "name_he")
    return qs.only("pk", "slug", "name_he", "name_en", "name_ar", "kind", "district", "sector",
                   "population", "socioeconomic_cluster", "peripherality_cluster")


def district_choices():
    return list(authorities().exclude(district="").order_by("district")
                .values_list("district", flat=True).distinct())


def round_list():
    return SelectionRound.objects.select_related("created_by").all()


def candidate_list(*, round: SelectionRound, statuses=None):
    qs = round.candidates.select_related("municipality", "decision", "decision__decided_by")
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs


def candidate_profile(*, candidate: Candidate) -> list[IndicatorValue]:
    """Every stored indicator value of the candidate, newest data year first."""
    return list(IndicatorValue.all_municipalities.filter(municipality=candidate.municipality_id)
                .select_related("indicator").order_by("indicator__code", "-data_year"))


def readiness_matrix(*, round: SelectionRound, candidates=None):
    """D side by side: per candidate and criterion, each assessor's score, and the mean."""
    candidates = list(candidates if candidates is not None
                      else candidate_list(round=round, statuses=[CandidateStatus.FOCUS]))
    scores = ReadinessScore.objects.filter(candidate__in=candidates).select_related("assessor")
    by_candidate = defaultdict(lambda: defaultdict(list))
    assessors = {}
    for s in scores:
        by_candidate[s.candidate_id][s.criterion].append(s)
        assessors[s.assessor_id] = s.assessor
    assessor_list = sorted(assessors.values(), key=lambda u: u.username)
    rows = []
    for c in candidates:
        criteria = []
        for code, label in ReadinessCriterion.choices:
            given = {s.assessor_id: s for s in by_candidate[c.pk][code]}
            values = [s.score for s in given.values()]
            criteria.append({
                "code": code, "label": label,
                "cells": [given.get(a.pk) for a in assessor_list],
                "mean": Decimal(str(round_half(mean(values)))) if values else None,
                "spread": (max(values) - min(values)) if values else None,
            })
        rows.append({"candidate": c, "criteria": criteria})
    return {"assessors": assessor_list, "rows": rows}


def round_half(x: float) -> float:
    return float(Decimal(str(x)).quantize(Decimal("0.1")))


def readiness_means(*, candidates) -> dict[int, dict[str, float]]:
    sums = defaultdict(lambda: defaultdict(list))
    for candidate_id, criterion, value in ReadinessScore.objects.filter(candidate__in=candidates) \
            .values_list("candidate_id", "criterion", "score"):
        sums[candidate_id][criterion].append(value)
    return {cid: {k: mean(v) for k, v in crit.items()} for cid, crit in sums.items()}


def rubric(*, round: SelectionRound) -> list[scoring.Weight]:
    return [scoring.Weight(c.input, c.axis, c.weight, c.get_input_display())
            for c in RubricCriterion.objects.filter(round=round)]


def comparison_items(*, round: SelectionRound, candidates=None):
    candidates = list(candidates if candidates is not None
                      else candidate_list(round=round, statuses=[CandidateStatus.FOCUS]))
    means = readiness_means(candidates=candidates)
    call_sent = round.call_sent_on is not None
    return [(c, str(c.municipality), scoring.normalized_inputs(
        municipality=c.municipality, candidate=c, readiness_means=means.get(c.pk, {}), call_sent=call_sent))
        for c in candidates]


def comparison(*, round: SelectionRound, weights: list[scoring.Weight] | None = None):
    """E: the matrix of the focus list, scored and ranked by the round's rubric (or by `weights`,
    for a what-if). Four queries whatever the number of candidates."""
    items = comparison_items(round=round)
    weights = weights if weights is not None else rubric(round=round)
    return {"items": items, "weights": weights, "ranking": scoring.score(items, weights)}
