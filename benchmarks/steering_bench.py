"""Governance pages against a trivial view of the same stack, with five years of meetings for a ten-municipality network.

Each municipality gets a leading team, a steering committee (34 members), a domain committee and two
professional teams, with every meeting of the last five years held from the cadence, attendance for
every member, a decision per meeting and two action items per meeting (some overdue). The overdue-
actions and compliance pages must stay within a fixed number of queries (asserted in
tests/steering/test_selectors.py); here we time them."""
from harness import TRIVIAL, measure, report, setup_django

setup_django()

from django.test import Client  # noqa: E402
from network import YEARS, build  # noqa: E402

totals = build()
print(f"network: 10 municipalities, {totals['meetings']} meetings over {YEARS} years, "
      f"{totals['attendance']} attendance rows, {totals['actions']} action items")
client = Client()
assert client.login(username="bench-director", password="bench-pass-1")
baseline = measure(client, TRIVIAL)
report("trivial view (baseline)", baseline, baseline=baseline)
# the overdue page renders a status form per row (about 40 rows here): same target as the platform's pages
report("steering: overdue actions (one municipality)", measure(client, "/m/bench-0/steering/actions/overdue/"),
       baseline=baseline, target=100)
report("steering: cadence compliance", measure(client, "/m/bench-0/steering/compliance/"), baseline=baseline,
       target=60)
report("steering: bodies overview", measure(client, "/m/bench-0/steering/"), baseline=baseline, target=100)
report("API: overdue action items", measure(client, "/api/v1/steering/action-items/?overdue=true"),
       baseline=baseline, target=80)
