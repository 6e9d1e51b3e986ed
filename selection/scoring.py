"""Chance and risk from a weighted rubric (stage E). Pure functions: no queries here.

Every rubric input is turned into a 0-1 value where 1 is favourable for the initiative (more need,
stronger recommendation, stronger leadership...). For each candidate:

    chance = 100 × Σ(weight × value) / Σ weight           over chance criteria that have a value
    risk   = 100 × Σ(weight × (1 − value)) / Σ weight     over risk criteria that have a value
    net    = chance − risk                                 the ranking (ties: higher chance, then name)

A criterion with no value for a candidate (not scored yet) is left out of that candidate's sums and
listed as missing, so a gap never counts as a zero."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from selection.models import Axis, RubricInput

ONE = Decimal(1)
HUNDRED = Decimal(100)
Q1 = Decimal("0.1")


def _scale_1_5(value) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value) - 1) / 4


def _need(cluster) -> Decimal | None:
    """Cluster 1 (lowest / most peripheral) → 1, cluster 10 → 0."""
    if cluster is None:
        return None
    return (Decimal(10) - Decimal(cluster)) / 9


def normalized_inputs(*, municipality, candidate, readiness_means: dict, call_sent: bool) -> dict:
    """{RubricInput: Decimal 0-1 or None} for one candidate. `readiness_means` maps a readiness
    criterion to the mean score of its assessors (1-5)."""
    values = {
        RubricInput.NEED_SOCIOECONOMIC: _need(municipality.socioeconomic_cluster),
        RubricInput.NEED_PERIPHERALITY: _need(municipality.peripherality_cluster),
        RubricInput.RECOMMENDATION: _scale_1_5(candidate.recommendation_strength),
        RubricInput.OPPORTUNITIES: _scale_1_5(candidate.opportunity_strength),
        RubricInput.CALL_ANSWERED: (ONE if candidate.call_answered else Decimal(0)) if call_sent else None,
    }
    for code in ("formal_leadership", "informal_leadership", "cooperation", "urgency", "resources",
                 "stability"):
        values[RubricInput(code)] = _scale_1_5(readiness_means.get(code))
    return values


@dataclass
class Weight:
    input: str
    axis: str
    weight: Decimal
    label: str = ""


@dataclass
class Scored:
    key: object                 # the candidate (or anything identifying it)
    name: str
    values: dict                # input -> 0-1 or None
    chance: Decimal | None = None
    risk: Decimal | None = None
    net: Decimal | None = None
    rank: int | None = None
    missing: list = field(default_factory=list)


def _axis_score(values: dict, weights: list[Weight], axis: str, missing: list) -> Decimal | None:
    total = Decimal(0)
    weight_sum = Decimal(0)
    for w in weights:
        if w.axis != axis or w.weight <= 0:
            continue
        value = values.get(w.input)
        if value is None:
            missing.append(w.input)
            continue
        contribution = value if axis == Axis.CHANCE else ONE - value
        total += w.weight * contribution
        weight_sum += w.weight
    if weight_sum == 0:
        return None
    return (HUNDRED * total / weight_sum).quantize(Q1, rounding=ROUND_HALF_UP)


def score(items: list[tuple[object, str, dict]], weights: list[Weight]) -> list[Scored]:
    """Score and rank. `items` are (key, name, normalized values). Returns the list ranked best
    first; candidates with no score on an axis rank last."""
    scored = []
    for key, name, values in items:
        s = Scored(key=key, name=name, values=values)
        s.chance = _axis_score(values, weights, Axis.CHANCE, s.missing)
        s.risk = _axis_score(values, weights, Axis.RISK, s.missing)
        if s.chance is not None or s.risk is not None:
            s.net = (s.chance or Decimal(0)) - (s.risk or Decimal(0))
        scored.append(s)
    scored.sort(key=lambda s: (s.net is None, -(s.net or 0), -(s.chance or 0), s.name))
    for position, s in enumerate(scored, start=1):
        s.rank = position
    return scored


def sensitivity(items, weights: list[Weight]) -> list[dict]:
    """For each criterion: how the ranking changes if its weight is doubled, or set to zero."""
    base = {s.key: s.rank for s in score(items, weights)}
    out = []
    for index, w in enumerate(weights):
        row = {"weight": w, "doubled": [], "zero": []}
        for label, factor in (("doubled", Decimal(2)), ("zero", Decimal(0))):
            changed = [Weight(x.input, x.axis, x.weight * factor if i == index else x.weight, x.label)
                       for i, x in enumerate(weights)]
            for s in score(items, changed):
                if s.rank != base[s.key]:
                    row[label].append((s.name, base[s.key], s.rank))
        out.append(row)
    return out
