"""Reads for locality selection. HQ-wide: registry rows are platform-wide; indicator values are read
across municipalities on purpose, through the indicator store's public face (`mapping.selectors`)."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import mean

from mapping import selectors as indicators
from municipalities.models import Municipality, MunicipalityKind
from selection import scoring
from selection.models import (
    Candidate,
    CandidateStatus,
    ReadinessCriterion,
    ReadinessScore,
    RubricCriterion,
    RubricInput,
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


RANGES = [("se_min", "socioeconomic_cluster__gte"), ("se_max", "socioeconomic_cluster__lte"),
          ("per_min", "peripherality_cluster__gte"), ("per_max", "peripherality_cluster__lte"),
          ("pop_min", "population__gte"), ("pop_max", "population__lte")]
CHOICE_CRITERIA = (("kinds", "kind__in"), ("districts", "district__in"), ("sectors", "sector__in"))


def _as_int(value):
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def authority_filter(criteria: dict, *, sort: str = "name", descending: bool = False):
    """Stage A: the registry filtered by the round's criteria; one query, with the latest
    matriculation rate (and its data year) as extra columns. A stored criterion that is not valid
    (not a whole number, not a list) is ignored rather than failing the page."""
    qs = authorities()
    criteria = criteria if isinstance(criteria, dict) else {}
    for key, lookup in RANGES:
        if criteria.get(key) in (None, ""):
            continue
        number = _as_int(criteria[key])
        if number is not None:
            qs = qs.filter(**{lookup: number})
    for key, field in CHOICE_CRITERIA:
        values = criteria.get(key)
        if isinstance(values, (list, tuple)) and values and all(isinstance(v, str) for v in values):
            qs = qs.filter(**{field: list(values)})
    qs = qs.annotate(bagrut=indicators.latest_value(code=TABLE_INDICATOR),
                     bagrut_year=indicators.latest_value(code=TABLE_INDICATOR, field="data_year"))
    order = SORTS.get(sort, "name_he")
    qs = qs.order_by(("-" if descending else "") + order, "name_he")
    return qs.only("pk", "slug", "name_he", "name_en", "name_ar", "kind", "district", "district_en",
                   "sector",
                   "population", "socioeconomic_cluster", "peripherality_cluster", "population_year",
                   "socioeconomic_year", "peripherality_year")


def data_years(results) -> dict:
    """The data year of each figure column of the stage A table, read from the rows shown (the most
    common year; None when no row has one), so the headers stay right after a registry refresh."""
    from collections import Counter

    out = {}
    for key, attr in (("population", "population_year"), ("se", "socioeconomic_year"),
                      ("per", "peripherality_year"), ("bagrut", "bagrut_year")):
        years = Counter(getattr(m, attr, None) for m in results)
        years.pop(None, None)
        out[key] = years.most_common(1)[0][0] if years else None
    return out


def registry_years() -> dict:
    """The year of each registry figure as the registry holds it now (the most common year among the
    authorities): {"population_year": 2021, "socioeconomic_year": 2019, "peripherality_year": 2020}."""
    from collections import Counter

    fields = ("population_year", "socioeconomic_year", "peripherality_year")
    counters = {f: Counter() for f in fields}
    for row in authorities().values_list(*fields):
        for f, year in zip(fields, row):
            if year is not None:
                counters[f][year] += 1
    return {f: (c.most_common(1)[0][0] if c else None) for f, c in counters.items()}


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


def candidate_profile(*, candidate: Candidate) -> list:
    """Every stored indicator value of the candidate, newest data year first."""
    return indicators.municipality_values(municipality_id=candidate.municipality_id)


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


def _live_items(*, round: SelectionRound, candidates):
    means = readiness_means(candidates=candidates)
    call_sent = round.call_sent_on is not None
    return [(c, str(c.municipality), scoring.normalized_inputs(
        municipality=c.municipality, candidate=c, readiness_means=means.get(c.pk, {}), call_sent=call_sent))
        for c in candidates]


def comparison_snapshot(*, round: SelectionRound) -> dict:
    """The comparison inputs of the focus list as they are now (JSON), kept when the round is decided."""
    candidates = list(candidate_list(round=round, statuses=[CandidateStatus.FOCUS]))
    return {"inputs": {str(c.pk): {str(k): (None if v is None else str(v)) for k, v in values.items()}
                       for c, _name, values in _live_items(round=round, candidates=candidates)}}


def _snapshot_values(stored: dict) -> dict:
    values = {}
    for key, value in stored.items():
        try:
            values[RubricInput(key)] = None if value is None else Decimal(value)
        except ValueError:
            continue
    return values


def comparison_items(*, round: SelectionRound, candidates=None):
    """(candidate, name, 0-1 inputs) of the focus list. A decided round reads the inputs it was
    decided on (its snapshot), not today's registry figures."""
    candidates = list(candidates if candidates is not None
                      else candidate_list(round=round, statuses=[CandidateStatus.FOCUS]))
    snapshot = (round.comparison_snapshot or {}).get("inputs") if round.is_decided else None
    if not snapshot:
        return _live_items(round=round, candidates=candidates)
    missing = [c for c in candidates if str(c.pk) not in snapshot]
    live = {c.pk: values for c, _name, values in _live_items(round=round, candidates=missing)} if missing else {}
    return [(c, str(c.municipality), live[c.pk] if c.pk in live else _snapshot_values(snapshot[str(c.pk)]))
            for c in candidates]


def comparison(*, round: SelectionRound, weights: list[scoring.Weight] | None = None):
    """E: the matrix of the focus list, scored and ranked by the round's rubric (or by `weights`,
    for a what-if). Four queries whatever the number of candidates."""
    items = comparison_items(round=round)
    weights = weights if weights is not None else rubric(round=round)
    return {"items": items, "weights": weights, "ranking": scoring.score(items, weights)}


def selection_of(*, municipality) -> dict:
    """For the initiative home (stage 1): the latest decision to select the authority, and whether it
    is a candidate in an open round. Two queries; HQ's round names and scores are not returned."""
    from selection.models import Decision, Outcome, RoundStatus

    decision = (Decision.objects.filter(candidate__municipality=municipality, outcome=Outcome.SELECTED)
                .order_by("-decided_at").only("decided_at", "initiative_existed").first())
    in_open_round = Candidate.objects.filter(municipality=municipality, round__status=RoundStatus.OPEN) \
        .exclude(status=CandidateStatus.DROPPED).exists()
    return {"selected_at": decision.decided_at if decision else None,
            "joined_existing": bool(decision and decision.initiative_existed), "in_open_round": in_open_round}
