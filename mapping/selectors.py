"""Reads of stage 5. The status picture is a pure function of the store (values, targets, golden
rows, settings and the registry): `status_picture(municipality=..., as_of=...)` gives the same
answer for the same data and date, in a fixed number of queries however many years, breakdowns and
indicators there are, so a dashboard snapshot can store it as it is.

Rules it applies (docs/architecture.md, "Mapping"):
- one value per indicator, year and breakdown: when several sources give one, the latest import wins;
- the trend is the least-squares line through the yearly totals; its forecast is read at the year of
  the furthest target ("turning the curve": does the current trend reach the target?);
- attainment is the latest value against that target: value / target when higher is better,
  target / value when lower is better (100% = target met);
- benchmarks are means over other authorities' values of the same data year (national, same
  district, same socio-economic cluster), shown only when at least BENCHMARK_MIN authorities have
  one, and never naming an authority."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from core import tenancy
from mapping import catalogue
from mapping.models import (
    Area,
    BreakdownKind,
    CardFigure,
    Direction,
    GoldenIndicator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MappingSettings,
)

BENCHMARK_MIN = 3
CENT = Decimal("0.01")


def _q(value, step=CENT):
    return None if value is None else Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


@dataclass
class Point:
    year: int
    value: Decimal


@dataclass
class BreakdownRow:
    kind: str
    label: str
    values: dict  # year -> value
    latest: Point | None
    target: Point | None
    attainment: Decimal | None

    @property
    def kind_label(self):
        return BreakdownKind(self.kind).label


@dataclass
class Benchmark:
    key: str  # national / district / cluster
    label: str
    value: Decimal
    count: int
    year: int


@dataclass
class IndicatorPicture:
    indicator: Indicator
    golden: GoldenIndicator | None
    series: list[Point]
    targets: list[Point]
    target: Point | None
    latest: Point | None
    slope: Decimal | None
    forecast: Point | None
    on_track: bool | None
    attainment: Decimal | None
    breakdowns: dict = field(default_factory=dict)  # kind -> [BreakdownRow]
    benchmarks: list[Benchmark] = field(default_factory=list)
    last_year: int | None = None
    age: int | None = None
    stale: bool = False

    @property
    def owner(self):
        return self.golden.owner if self.golden else None

    @property
    def years(self) -> list[int]:
        return sorted({p.year for p in self.series} | {p.year for p in self.targets})


@dataclass
class Figure:
    indicator: Indicator
    latest: Point
    previous: Point | None


@dataclass
class Card:
    area: str
    figures: dict  # CardFigure value -> Figure
    target: Point | None
    attainment: Decimal | None
    split: list  # [(label, value)] of the share's or count's breakdown in its latest year
    split_kind: str = ""

    @property
    def label(self):
        return Area(self.area).label

    @property
    def split_kind_label(self):
        return BreakdownKind(self.split_kind).label if self.split_kind else ""

    @property
    def share(self):
        return self.figures.get(CardFigure.SHARE)

    @property
    def count(self):
        return self.figures.get(CardFigure.COUNT)

    @property
    def institutions(self):
        return self.figures.get(CardFigure.INSTITUTIONS)

    @property
    def cost(self):
        return self.figures.get(CardFigure.COST)


@dataclass
class Headline:
    code: str
    indicator: Indicator | None
    latest: Point | None


@dataclass
class StatusPicture:
    municipality: object
    as_of: dt.date
    stale_after: int
    headline: list[Headline]
    cards: list[Card]
    golden: list[IndicatorPicture]

    @property
    def stale_count(self):
        return sum(1 for g in self.golden if g.stale)


# --- the rules, as pure functions ------------------------------------------------------------------
def trend(points: list[Point]) -> tuple[Decimal, Decimal] | None:
    """Least-squares line through the points: (slope per year, intercept); None under 2 years."""
    if len({p.year for p in points}) < 2:
        return None
    xs = [p.year for p in points]
    ys = [float(p.value) for p in points]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return Decimal(str(slope)), Decimal(str(my - slope * mx))


def forecast_at(points: list[Point], year: int) -> Decimal | None:
    line = trend(points)
    if line is None:
        return None
    slope, intercept = line
    return _q(slope * year + intercept)


def reaches(direction: str, value, target) -> bool | None:
    if value is None or target is None or direction == Direction.NEUTRAL:
        return None
    return value >= target if direction == Direction.HIGHER_IS_BETTER else value <= target


def attainment(direction: str, value, target) -> Decimal | None:
    """Percent of the target attained (100 = met)."""
    if value is None or target is None:
        return None
    if direction == Direction.LOWER_IS_BETTER:
        if value <= 0:
            return Decimal(100)
        return _q(Decimal(target) / Decimal(value) * 100, Decimal(1))
    if target == 0:
        return None
    return _q(Decimal(value) / Decimal(target) * 100, Decimal(1))


def _final_target(targets: list[Point]) -> Point | None:
    return max(targets, key=lambda p: p.year) if targets else None


def _picture(indicator, golden, values, targets, *, as_of, stale_after) -> IndicatorPicture:
    """values: {(year, kind, label): Decimal}; targets: {(year, kind, label): Decimal}."""
    series = sorted((Point(y, v) for (y, k, _l), v in values.items() if not k), key=lambda p: p.year)
    target_points = sorted((Point(y, v) for (y, k, _l), v in targets.items() if not k), key=lambda p: p.year)
    target = _final_target(target_points)
    latest = series[-1] if series else None
    line = trend(series)
    slope = _q(line[0], Decimal("0.0001")) if line else None
    forecast = on_track = None
    if target is not None:
        actual = next((p for p in series if p.year == target.year), None)
        if actual is not None:
            forecast = actual
        elif line is not None and (latest is None or target.year > latest.year):
            forecast = Point(target.year, forecast_at(series, target.year))
        if forecast is not None:
            on_track = reaches(indicator.direction, forecast.value, target.value)
    picture = IndicatorPicture(
        indicator=indicator, golden=golden, series=series, targets=target_points, target=target,
        latest=latest, slope=slope, forecast=forecast, on_track=on_track,
        attainment=attainment(indicator.direction, latest.value if latest else None,
                              target.value if target else None))
    by_label = defaultdict(dict)
    for (year, kind, label), value in values.items():
        if kind:
            by_label[(kind, label)][year] = value
    target_by_label = defaultdict(list)
    for (year, kind, label), value in targets.items():
        if kind:
            target_by_label[(kind, label)].append(Point(year, value))
    for key in sorted(set(by_label) | set(target_by_label)):
        kind, label = key
        years = by_label.get(key, {})
        last = Point(max(years), years[max(years)]) if years else None
        goal = _final_target(target_by_label.get(key, []))
        picture.breakdowns.setdefault(kind, []).append(BreakdownRow(
            kind=kind, label=label, values=dict(sorted(years.items())), latest=last, target=goal,
            attainment=attainment(indicator.direction, last.value if last else None,
                                  goal.value if goal else None)))
    all_years = [y for (y, _k, _l) in values]
    picture.last_year = max(all_years) if all_years else None
    picture.age = as_of.year - picture.last_year if picture.last_year else None
    picture.stale = picture.last_year is None or picture.age > stale_after
    return picture


def _benchmarks(municipality, pictures: list[IndicatorPicture]) -> None:
    """National / district / cluster means of other authorities' totals in the year of each
    picture's latest value: one query over every authority (explicitly all-municipalities)."""
    wanted = {p.indicator.pk: p.latest.year for p in pictures if p.latest and not p.indicator.is_local}
    if not wanted:
        return
    condition = Q()
    for indicator_id, year in wanted.items():
        condition |= Q(indicator_id=indicator_id, data_year=year)
    rows = (IndicatorValue.all_municipalities.filter(condition, breakdown_kind="")
            .exclude(municipality=municipality).exclude(municipality__kind="cluster")
            .values_list("indicator_id", "municipality_id", "value", "imported_at", "pk",
                         "municipality__district", "municipality__socioeconomic_cluster"))
    per_authority = {}
    for indicator_id, municipality_id, value, imported_at, pk, district, cluster in rows:
        key = (indicator_id, municipality_id)
        if key not in per_authority or (imported_at, pk) > per_authority[key][0]:
            per_authority[key] = ((imported_at, pk), value, district, cluster)
    groups = defaultdict(list)
    for (indicator_id, _m), (_order, value, district, cluster) in per_authority.items():
        groups[(indicator_id, "national")].append(value)
        if municipality.district and district == municipality.district:
            groups[(indicator_id, "district")].append(value)
        if municipality.socioeconomic_cluster and cluster == municipality.socioeconomic_cluster:
            groups[(indicator_id, "cluster")].append(value)
    labels = {"national": _("National (mean of authorities)"), "district": _("Same district"),
              "cluster": _("Same socio-economic cluster")}
    for picture in pictures:
        for key in ("national", "district", "cluster"):
            found = groups.get((picture.indicator.pk, key), [])
            if len(found) >= BENCHMARK_MIN:
                picture.benchmarks.append(Benchmark(key, labels[key], _q(sum(found) / len(found), Decimal("0.1")),
                                                    len(found), wanted[picture.indicator.pk]))


def _stale_after(municipality) -> int:
    row = MappingSettings.objects.filter(municipality=municipality).only("stale_after_years").first()
    return row.stale_after_years if row else MappingSettings._meta.get_field("stale_after_years").default


def status_picture(*, municipality, as_of: dt.date) -> StatusPicture:
    """The municipality's status picture as of a date (6 queries whatever the data)."""
    stale_after = _stale_after(municipality)
    golden_rows = list(GoldenIndicator.objects.filter(municipality=municipality)
                       .select_related("indicator", "owner_person", "owner_user"))
    value_rows = IndicatorValue.objects.filter(municipality=municipality).values_list(
        "indicator_id", "data_year", "breakdown_kind", "breakdown", "value", "imported_at", "pk")
    target_rows = list(IndicatorTarget.objects.filter(municipality=municipality)
                       .values_list("indicator_id", "target_year", "breakdown_kind", "breakdown", "value"))
    best = {}
    for indicator_id, year, kind, label, value, imported_at, pk in value_rows:
        key = (indicator_id, year, kind, label)
        if key not in best or (imported_at, pk) > best[key][0]:
            best[key] = ((imported_at, pk), value)
    golden_ids = {g.indicator_id for g in golden_rows}
    indicators = {g.indicator_id: g.indicator for g in golden_rows}
    missing = {key[0] for key in best} - set(indicators)
    if missing:
        indicators.update({i.pk: i for i in Indicator.objects.filter(pk__in=missing)})
    values = defaultdict(dict)
    for (indicator_id, year, kind, label), (_order, value) in best.items():
        values[indicator_id][(year, kind, label)] = value
    targets = defaultdict(dict)
    for indicator_id, year, kind, label, value in target_rows:
        targets[indicator_id][(year, kind, label)] = value

    golden = [_picture(g.indicator, g, values.get(g.indicator_id, {}), targets.get(g.indicator_id, {}),
                       as_of=as_of, stale_after=stale_after) for g in golden_rows]
    _benchmarks(municipality, golden)

    by_code = {i.code: i for i in indicators.values()}
    headline = []
    for code in catalogue.HEADLINE:
        indicator = by_code.get(code)
        series = sorted((Point(y, v) for (y, k, _l), v in values.get(indicator.pk, {}).items() if not k),
                        key=lambda p: p.year) if indicator else []
        headline.append(Headline(code, indicator, series[-1] if series else None))

    cards = []
    for area in Area:
        if area == Area.LOCALITY:
            continue
        figures = {}
        chosen = {}
        for indicator in sorted((i for i in indicators.values() if i.area == area and i.card_figure),
                                key=lambda i: (i.pk not in golden_ids, i.code)):
            series = sorted((Point(y, v) for (y, k, _l), v in values.get(indicator.pk, {}).items() if not k),
                            key=lambda p: p.year)
            if indicator.card_figure in figures or not series:
                continue
            figures[indicator.card_figure] = Figure(indicator, series[-1], series[-2] if len(series) > 1 else None)
            chosen[indicator.card_figure] = indicator
        if not figures:
            continue
        target = card_attainment = None
        share = figures.get(CardFigure.SHARE)
        if share:
            target = _final_target(sorted((Point(y, v) for (y, k, _l), v in targets.get(share.indicator.pk, {})
                                           .items() if not k), key=lambda p: p.year))
            card_attainment = attainment(share.indicator.direction, share.latest.value,
                                         target.value if target else None)
        split, split_kind = [], ""
        for figure_kind in (CardFigure.COUNT, CardFigure.SHARE):
            indicator = chosen.get(figure_kind)
            if indicator is None:
                continue
            rows = [(k, label, y, v) for (y, k, label), v in values.get(indicator.pk, {}).items() if k]
            if rows:
                kind = sorted({r[0] for r in rows})[0]
                year = max(r[2] for r in rows if r[0] == kind)
                split = sorted(((label, v) for k, label, y, v in rows if k == kind and y == year),
                               key=lambda r: -r[1])
                split_kind = kind
                break
        cards.append(Card(area=area, figures=figures, target=target, attainment=card_attainment, split=split,
                          split_kind=split_kind))
    return StatusPicture(municipality=municipality, as_of=as_of, stale_after=stale_after, headline=headline,
                         cards=cards, golden=golden)


@dataclass
class Freshness:
    golden: GoldenIndicator
    last_year: int | None
    stale_after: int
    stale: bool


def golden_freshness(*, municipality, as_of: dt.date) -> list[Freshness]:
    """Each golden indicator's newest data year and whether it is stale (3 queries)."""
    stale_after = _stale_after(municipality)
    rows = list(GoldenIndicator.objects.filter(municipality=municipality)
                .select_related("indicator", "owner_person", "owner_user"))
    last = dict(IndicatorValue.objects.filter(municipality=municipality,
                                              indicator_id__in=[r.indicator_id for r in rows])
                .values("indicator_id").annotate(last=Max("data_year")).values_list("indicator_id", "last"))
    out = []
    for row in rows:
        year = last.get(row.indicator_id)
        out.append(Freshness(row, year, stale_after, year is None or as_of.year - year > stale_after))
    return out


# --- lists for pages and the API --------------------------------------------------------------------
def catalogue_list(*, area: str = "", domain: str = "", search: str = "", include_inactive=False):
    """The catalogue as the current scope sees it (platform indicators, plus local ones in scope)."""
    qs = Indicator.objects.prefetch_related("factors")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if area:
        qs = qs.filter(area=area)
    if domain:
        qs = qs.filter(domain=domain)
    if search:
        qs = qs.filter(Q(name_he__icontains=search) | Q(name_en__icontains=search) | Q(name_ar__icontains=search)
                       | Q(code__icontains=search))
    return qs.order_by("area", "code")


def indicators_for(*, municipality):
    """Indicators a municipality may give values to: the active platform catalogue and its own."""
    return Indicator.objects.filter(Q(municipality__isnull=True, is_active=True) | Q(municipality=municipality))


def golden_list(*, municipality):
    return GoldenIndicator.objects.filter(municipality=municipality).select_related(
        "indicator", "owner_person", "owner_user")


def values_of(*, municipality, indicator=None):
    qs = IndicatorValue.objects.filter(municipality=municipality).select_related("indicator", "entered_by")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator__code", "-data_year", "breakdown_kind", "breakdown", "source")


def targets_of(*, municipality, indicator=None):
    qs = IndicatorTarget.objects.filter(municipality=municipality).select_related("indicator", "set_by")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator__code", "target_year", "breakdown_kind", "breakdown")


def network_municipality_ids():
    """Municipalities with golden data (the nightly stale-data check walks them)."""
    with tenancy.scope_all():
        return sorted(set(GoldenIndicator.objects.values_list("municipality_id", flat=True)))


# --- The national registry, read by stage 1 (selection) -------------------------------------------
# The store holds the CBS registry's figures and the social-mobility indicators of every authority as
# per-year values. It is the national registry every stage reads, including stage 1 (selection), which
# compares all 255 authorities before any of them is a partner: so these reads are across
# municipalities on purpose (`IndicatorValue.all_municipalities`), and callers are HQ-only pages
# (docs/architecture.md, "Public faces and import rules").
def latest_value(*, code: str, field: str = "value", municipality=None) -> Subquery:
    """A subquery expression for annotating a Municipality queryset in one query: the newest data
    year's `value` (or `data_year`, `source`...) of indicator `code` for the outer row's municipality
    (`municipality`: an expression, default `OuterRef("pk")`), totals only (no breakdown). Two sources
    for the same year: the latest import wins (deterministic, never whichever row the database returns
    first)."""
    municipality = OuterRef("pk") if municipality is None else municipality
    return Subquery(IndicatorValue.all_municipalities
                    .filter(municipality=municipality, indicator__code=code, breakdown_kind="")
                    .order_by("-data_year", "-imported_at", "-pk").values(field)[:1])


def municipality_values(*, municipality_id: int) -> list[IndicatorValue]:
    """Every stored value of one municipality with its indicator, by indicator code, newest data
    year first."""
    return list(IndicatorValue.all_municipalities.filter(municipality=municipality_id)
                .select_related("indicator").order_by("indicator__code", "-data_year"))
