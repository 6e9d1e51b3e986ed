"""Stage A of locality selection: the live filter over the 255 authorities of the real CBS registry
(with the social-mobility indicators), against a trivial view of the same stack. The issue's target is under 100 ms server
time; the query count (bounded, independent of the number of authorities) is asserted in
tests/selection/test_views.py and printed here."""
from pathlib import Path
from urllib.parse import urlencode

from harness import TRIVIAL, measure, report, setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from core import tenancy  # noqa: E402
from core.roles import PlatformRole  # noqa: E402
from mapping.services import mobility_indicators_import  # noqa: E402
from municipalities.registry import import_authorities  # noqa: E402
from selection import services  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TARGET_MS = 100

with tenancy.scope_all():
    import_authorities(DATA / "israel_local_authorities.csv")
    with open(DATA / "israel_local_authorities_social_mobility.csv", encoding="utf-8") as handle:
        mobility_indicators_import(handle)
user = User.objects.create(username="bench-hq", platform_role=PlatformRole.HQ_STAFF)
round = services.round_create(name="Benchmark", by=user)
client = Client(HTTP_HX_REQUEST="true")  # the fragment htmx asks for when a filter changes
client.force_login(user)
base = f"/selection/rounds/{round.pk}/filter/?"
scenarios = {
    "stage A: all 255 authorities, by matriculation": {"se_min": "", "sort": "bagrut", "dir": "desc"},
    "stage A: south, clusters 1-4": {"se_max": "4", "per_max": "4", "districts": "הדרום",
                                     "kinds": ["city", "local_council"]},
}
baseline = measure(client, TRIVIAL)
slow = False
for name, params in scenarios.items():
    url = base + urlencode(params, doseq=True)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    result = measure(client, url)
    report(f"{name} ({len(queries)} queries)", result, baseline=baseline)
    if result["median"] >= TARGET_MS:
        slow = True
        print(f"  SLOWER THAN {TARGET_MS} ms")
raise SystemExit(1 if slow else 0)
