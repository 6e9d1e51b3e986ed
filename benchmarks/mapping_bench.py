"""The status picture against a trivial view of the same stack, for a municipality with 15 golden
indicators, 15 years of values each, 12 neighbourhoods per year and targets, with 255 authorities
holding values of the same indicators for the benchmarks. The query count is pinned in
tests/mapping/test_status_picture.py; here we time the page, its JSON and the selector."""
import datetime as dt
import random
import time
from decimal import Decimal

from harness import TRIVIAL, measure, report, setup_django

setup_django()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from core import tenancy  # noqa: E402
from core.roles import Role  # noqa: E402
from mapping import catalogue, selectors  # noqa: E402
from mapping.models import GoldenIndicator, IndicatorTarget, IndicatorValue, Unit  # noqa: E402
from municipalities.models import Membership, Municipality  # noqa: E402

YEARS = range(2010, 2025)


def build():
    rng = random.Random(5)
    with tenancy.scope_all():
        indicators = catalogue.ensure_catalogue()
        chosen = [i for i in indicators.values() if i.unit == Unit.PERCENT][:15]
        towns = Municipality.objects.bulk_create([
            Municipality(slug=f"bench-{n}", cbs_code=f"{8000 + n}", name_he=f"עיר {n}", kind="city",
                         district=["הדרום", "הצפון", "המרכז"][n % 3], socioeconomic_cluster=1 + n % 10)
            for n in range(255)])
        rows = []
        for town in towns:
            for indicator in chosen:
                rows.append(IndicatorValue(municipality=town, indicator=indicator, data_year=2024,
                                           value=Decimal(rng.randint(5, 95)), source="bench"))
        main = towns[0]
        for indicator in chosen:
            GoldenIndicator.objects.create(municipality=main, indicator=indicator)
            for year in YEARS[:-1]:
                rows.append(IndicatorValue(municipality=main, indicator=indicator, data_year=year,
                                           value=Decimal(rng.randint(5, 95)), source="bench"))
            for year in YEARS:
                for k in range(12):
                    rows.append(IndicatorValue(municipality=main, indicator=indicator, data_year=year,
                                               value=Decimal(rng.randint(5, 95)), source="bench",
                                               breakdown_kind="neighbourhood", breakdown=f"שכונה {k}"))
            IndicatorTarget.objects.create(municipality=main, indicator=indicator, target_year=2028, value=Decimal(80),
                                           set_in_year=2024)
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
        user = User.objects.create_user("bench-director", password="bench-pass-1")
        Membership.objects.create(municipality=main, user=user, role=Role.LOCAL_DIRECTOR)
    return len(rows)


count = build()
print(f"{count} indicator values; 15 golden indicators x 15 years x 12 neighbourhoods; 255 authorities")
with tenancy.scope_all():
    town = Municipality.objects.get(slug="bench-0")
    start = time.perf_counter()
    for _ in range(10):
        selectors.status_picture(municipality=town, as_of=dt.date(2025, 6, 1))
    print(f"selector: {(time.perf_counter() - start) * 100:.1f} ms per status picture")
client = Client()
assert client.login(username="bench-director", password="bench-pass-1")
baseline = measure(client, TRIVIAL)
report("trivial view (baseline)", baseline, baseline=baseline)
report("mapping: status picture page", measure(client, "/m/bench-0/mapping/", repeat=10), baseline=baseline,
       target=400)
report("API: status picture JSON", measure(client, "/api/v1/mapping/status-pictures/bench-0/", repeat=10),
       baseline=baseline, target=150)
