"""Demo data for stage 5: every network municipality gets a status picture that looks like the
guide's example dashboard — golden data with owners, values for 2018-2024, targets for 2027 set in
2022 with a rationale, youth-movement participation by neighbourhood (current against target), the
service split by type, and each life stage's card figures. Values are drawn from a generator seeded
by the municipality's slug (the same on every run). Idempotent: a municipality that already has
golden data is left alone. Runs inside seed_demo's all-municipalities scope and transaction."""
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from mapping import catalogue, services
from mapping.models import GoldenIndicator, IndicatorTarget, IndicatorValue
from municipalities.models import Initiative, InitiativeStatus, Person

YEARS = range(2018, 2025)
TARGET_YEAR, SET_IN = 2027, 2022
SOURCE = "Municipal data (demo)"
NEIGHBOURHOODS = ["צפון", "דרום", "מרכז", "מזרח", "מערב"]
SERVICE_TYPES = [("שירות צבאי", 0.62), ("שירות לאומי", 0.2), ("פטור משירות", 0.12), ("אחר", 0.06)]
MOVEMENTS = [("צופים", 0.34), ("בני עקיבא", 0.26), ("סח\"י", 0.18), ("בת מלך", 0.12), ("אחר", 0.1)]
FRAMEWORKS = [("גני עירייה", 0.45), ("מעונות", 0.25), ("גנים פרטיים", 0.2), ("חינוך מיוחד", 0.1)]
# code: (2018 value, yearly change, target for 2027 as a change from 2024's value)
GOLDEN = {
    "early_supervised_frameworks_pct": (72, 1.3, 8),
    "grade4_literacy_pct": (58, 1.0, 10),
    "bagrut_eligible_pct": (55, 0.9, 9),
    "youth_movement_participation_pct": (13, 0.7, 14),
    "service_enlistment_pct": (61, 0.8, 8),
    "academics_pct": (8, 0.35, 6),
    "employment_rate_25_35_pct": (66, 0.6, 6),
}
# card figures: code -> (2018 value, yearly change)
FIGURES = {
    "early_children_count": (1400, 12), "early_institutions": (38, 0.5), "early_cost_per_child": (11800, 130),
    "elementary_municipal_schools_pct": (68, 0.5), "elementary_pupils_count": (2250, 10),
    "elementary_institutions": (9, 0), "elementary_cost_per_child": (14500, 140),
    "high_school_municipal_pct": (31, 0.4), "high_school_pupils_count": (760, 3), "high_school_institutions": (4, 0),
    "high_school_cost_per_child": (13600, 120), "youth_movement_members": (300, 14), "youth_movements_count": (5, 0.2),
    "service_recruits": (1200, 15), "academics_count": (400, 9), "young_adults_centre_members": (520, 30),
    "stem_track_pct": (14, 0.6), "stem_programme_participants": (240, 20),
}
SPLITS = {"service_recruits": ("service_type", SERVICE_TYPES), "youth_movement_members": ("movement", MOVEMENTS),
          "early_children_count": ("framework", FRAMEWORKS)}
RATIONALE = "יעד שאומץ במינהלת היישובית על בסיס תמונת המצב ונתוני הרשויות באשכול"


def _d(x, places=1):
    return Decimal(str(round(x, places)))


def seed(*, stdout):
    indicators = catalogue.ensure_catalogue()
    initiatives = Initiative.objects.filter(status=InitiativeStatus.ACTIVE).select_related("municipality")
    for initiative in initiatives:
        m = initiative.municipality
        if GoldenIndicator.objects.filter(municipality=m).exists():
            continue
        _seed_one(m, indicators)
        stdout.write(f"  mapping: status picture of {m.slug}")


def _seed_one(m, indicators):
    rng = random.Random(f"mapping-{m.slug}")
    scale = (m.population or 20000) / 18642
    people = list(Person.objects.filter(municipality=m, is_active=True).order_by("pk"))
    owner = next((p for p in people if "נתונים" in p.role_title), people[0] if people else None)
    have = set(IndicatorValue.objects.filter(municipality=m).values_list("indicator__code", "data_year"))
    values, targets = [], []

    def value(code, year, number, *, kind="", label="", places=1):
        if not kind and (code, year) in have:
            return
        values.append(IndicatorValue(municipality=m, indicator=indicators[code], data_year=year, value=_d(number, places),
                                     source=SOURCE, breakdown_kind=kind, breakdown=label))

    def target(code, number, *, kind="", label=""):
        targets.append(IndicatorTarget(municipality=m, indicator=indicators[code], target_year=TARGET_YEAR,
                                       value=_d(number), set_in_year=SET_IN, rationale=RATIONALE,
                                       breakdown_kind=kind, breakdown=label))

    value("households", 2022, 505 * scale * 10 / 3.4, places=0)
    value("children_0_17_pct", 2022, 30.9 + rng.uniform(-4, 4))
    for code, (start, step, gain) in GOLDEN.items():
        base = start + rng.uniform(-6, 6)
        pace = step * rng.uniform(0.4, 1.4)
        last = None
        for i, year in enumerate(YEARS):
            last = min(99, max(1, base + pace * i + rng.uniform(-1.2, 1.2)))
            value(code, year, last)
        target(code, min(99, last + gain))
    ym = "youth_movement_participation_pct"
    for label in NEIGHBOURHOODS:
        base = 8 + rng.uniform(0, 14)
        for i, year in enumerate(YEARS):
            last = base + 0.8 * i + rng.uniform(-1, 1)
            value(ym, year, last, kind="neighbourhood", label=label)
        target(ym, min(60, last * rng.uniform(1.3, 2.4)), kind="neighbourhood", label=label)
    for code, (start, step) in FIGURES.items():
        count_like = indicators[code].unit in ("count", "shekels")
        factor = scale if indicators[code].unit == "count" and start > 50 else 1
        for i, year in enumerate(YEARS):
            number = (start + step * i) * factor * rng.uniform(0.97, 1.03)
            value(code, year, number, places=0 if count_like else 1)
            if code in SPLITS and year == YEARS[-1]:
                kind, parts = SPLITS[code]
                for label, share in parts:
                    value(code, year, number * share, kind=kind, label=label, places=0)
    for row in values:
        row.full_clean(validate_unique=False)
    for row in targets:
        row.full_clean(validate_unique=False)
    bulk_create_with_history(values, IndicatorValue, batch_size=500)
    bulk_create_with_history(targets, IndicatorTarget, batch_size=500)
    for order, code in enumerate(GOLDEN, start=1):
        services.golden_add(municipality=m, indicator=indicators[code], owner_person=owner, order=order, by=None)
