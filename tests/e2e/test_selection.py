"""HQ walks a selection round in Chromium: stage A's live filter over the real CBS registry, then
the comparison of chance and risk of a round in stage E, a what-if on the weights, a locality file
and a decision."""
import pytest

from core import tenancy
from core.roles import PlatformRole
from mapping.services import mobility_indicators_import
from municipalities.registry import import_authorities
from selection import demo
from selection.models import SelectionRound
from tests import factories
from tests.selection.conftest import MOBILITY_CSV, REGISTRY_CSV

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(db):
    if not REGISTRY_CSV.exists():
        pytest.skip("the CBS registry file is not on this machine")
    with tenancy.scope_all():
        import_authorities(REGISTRY_CSV)
        with open(MOBILITY_CSV, encoding="utf-8") as handle:
            mobility_indicators_import(handle)
    factories.HqStaffFactory(username="hq", first_name="צוות", last_name="מטה", platform_role=PlatformRole.HQ_STAFF)
    factories.HqAdminFactory(username="hq-admin", first_name="מנהלת", last_name="מטה")


def test_stage_a_filter_live(page, live_server, login, screenshot, registry):
    login(page, "hq", factories.PASSWORD)
    page.goto(f"{live_server.url}/selection/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_name", "הרחבה דרומית 2027")
    page.click("section[aria-labelledby=new-round] button[type=submit]")
    page.wait_for_url("**/filter/")
    assert page.locator("#match-count").inner_text() == "255"
    page.select_option("#id_se_max", "4")
    page.wait_for_function("document.querySelector('#match-count').innerText !== '255'")
    page.select_option("#id_per_max", "4")
    page.check("input[name=kinds][value=city]")
    page.check("input[name=kinds][value=local_council]")
    page.select_option("#id_districts", "הדרום")
    page.wait_for_function("document.querySelector('#match-count').innerText === '12'")
    assert "ירוחם" in page.locator("#results table").inner_text()
    # sort by population, largest first, by clicking the header twice
    page.click("#results th:nth-child(5) a")
    page.wait_for_function("document.querySelector('#results th:nth-child(5)').getAttribute('aria-sort') === 'ascending'")
    page.click("#results th:nth-child(5) a")
    page.wait_for_function("document.querySelector('#results th:nth-child(5)').getAttribute('aria-sort') === 'descending'")
    assert page.locator("#results tbody tr:first-child th").inner_text().startswith("רהט")
    screenshot(page, "selection-a-filter")
    page.click("button[name=move]")
    page.wait_for_url("**/rounds/*/")
    assert page.locator("section[aria-labelledby=group-1] tbody tr").count() == 12
    screenshot(page, "selection-b-candidates")


def test_stage_e_comparison_and_decision(page, live_server, login, screenshot, registry):
    with tenancy.scope_all():
        demo.seed(stdout=type("Out", (), {"write": lambda self, s: None})())
    round = SelectionRound.objects.get(name=demo.OPEN_ROUND)
    login(page, "hq", factories.PASSWORD)
    page.goto(f"{live_server.url}/selection/rounds/{round.pk}/comparison/")
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == 5
    first = rows.nth(0).locator("th").inner_text()
    page.wait_for_selector("#chance-risk .main-svg")
    screenshot(page, "selection-e-comparison")
    # what if urgency weighed much more?
    page.fill("#w_urgency", "20")
    page.click("text=" + page.locator("form[hx-get] button").inner_text())
    page.wait_for_selector("#what-if table")
    assert page.locator("#what-if tbody tr").count() == 5
    # the locality file of the leader, and the decision
    rows.nth(0).locator("th a").click()
    page.wait_for_url("**/candidates/*/")
    assert first.split("\n")[0] in page.locator("h1").inner_text()
    screenshot(page, "selection-b-locality-file")
    page.check("input[name=decision-outcome][value=selected]")
    page.fill("#id_decision-reason", "הנהגה יציבה ומוכנות גבוהה")
    if page.locator("#id_decision-checks_override_reason").count():  # fewer than six checks confirmed
        page.fill("#id_decision-checks_override_reason", "אושר בישיבת ההנהלה")
    if page.locator("#id_decision-partner_override_reason").count():  # an existing partner
        page.fill("#id_decision-partner_override_reason", "הרחבת השותפות")
    page.click("section[aria-labelledby=decision_form] button[type=submit]")
    page.wait_for_selector("#decision_form")
    assert page.locator("section[aria-labelledby=decision_form] .badge.ok").count() == 1
    page.goto(f"{live_server.url}/selection/rounds/{round.pk}/decision/")
    screenshot(page, "selection-f-decision")


def test_registry_refresh_preview(page, live_server, login, screenshot, registry, tmp_path):
    import csv

    with open(REGISTRY_CSV, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["cbs_code"] in ("1031", "0031"):
            row["population"] = str(int(row["population"]) + 850)
    upload = tmp_path / "authorities-2022.csv"
    with open(upload, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    login(page, "hq-admin", factories.PASSWORD)
    page.goto(f"{live_server.url}/selection/")
    page.click("a[href='/selection/registry/']")
    page.set_input_files("#id_file", str(upload))
    # The years default to the registry's own, so only the two changed figures show as changes.
    assert page.input_value("#id_population_year") == "2021"
    page.click("section[aria-labelledby=upload-h] button[type=submit]")
    page.wait_for_selector("#preview-h")
    changed = page.locator("section[aria-labelledby=preview-h] .stat .value").nth(1).inner_text()
    assert changed == "2"
    screenshot(page, "selection-registry-preview")
    page.click("button[name=apply]")
    page.wait_for_selector(".messages .success")
    from municipalities.models import Municipality
    assert Municipality.objects.get(cbs_code="1031").population == 30553 + 850
