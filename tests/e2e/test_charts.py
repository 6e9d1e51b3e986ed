"""Charts in Chromium: the partial plotly bundle (never the full plotly.min.js) draws the chart with no
console error, no mode bar (so no "Share chart" to a third-party cloud and no buttons inside
role="img"), and the data table stays reachable. Screenshots: charts-body-composition.png (desktop,
Hebrew) and charts-body-composition-360.png (a 360 px phone)."""
import pytest

from core import tenancy
from core.reference import Sector
from core.roles import Role
from steering import services
from steering.defaults import BodyKind
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MEMBERS = [Sector.AUTHORITY, Sector.AUTHORITY, Sector.RESIDENTS, Sector.RESIDENTS, Sector.RESIDENTS,
           Sector.THIRD_SECTOR, Sector.BUSINESS, Sector.GOVERNMENT]


@pytest.fixture
def body(tenant_a):
    m = tenant_a.municipality
    with tenancy.scope(m):
        body = services.body_create(initiative=tenant_a.initiative, kind=BodyKind.STEERING_COMMITTEE,
                                    name="מינהלת יישובית", by=None)
        for n, sector in enumerate(MEMBERS):
            person = factories.PersonFactory(municipality=m, full_name=f"חבר {n}", sector=sector)
            services.member_add(body=body, person=person, by=None)
    return body


def _watch(page):
    problems, scripts = [], []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda req: scripts.append(req.url) if req.resource_type == "script" else None)
    return problems, scripts


def _check_chart(page):
    page.wait_for_selector("#composition-chart svg.main-svg")
    chart = page.locator("#composition-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("data-chart-state") == "drawn"
    assert "js-plotly-plot" in chart.get_attribute("class")
    # plotly keeps an empty .modebar-container; the bar and its buttons are not drawn
    assert page.locator("#composition-chart .modebar, #composition-chart .modebar-btn").count() == 0
    assert page.locator("#composition-chart button, #composition-chart a, #composition-chart [tabindex]").count() == 0
    assert page.locator("#composition-chart g.trace.bars").count() == 2  # actual and target
    # the table alternative, reachable by keyboard
    summary = page.locator(".chart-figure details.data-table > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".chart-figure details.data-table tbody tr").count() >= 5


def test_a_chart_page_draws_with_the_partial_bundle(page, live_server, login, screenshot, tenant_a, body):
    problems, scripts = _watch(page)
    login(page, tenant_a.user(Role.VIEWER).username, factories.PASSWORD)
    page.goto(f"{live_server.url}/m/{tenant_a.municipality.slug}/steering/bodies/{body.pk}/")
    _check_chart(page)
    assert page.evaluate("typeof window.Plotly.newPlot") == "function"
    assert any(u.endswith("/vendor/plotly/plotly-basic.min.js") for u in scripts), scripts
    assert not any(u.endswith("/plotly.min.js") for u in scripts)
    assert all(u.startswith(live_server.url) for u in scripts), scripts  # nothing from outside
    page.keyboard.press("Escape")
    screenshot(page, "charts-body-composition")
    # a phone: the chart fits the width
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    _check_chart(page)
    width = page.evaluate("document.querySelector('#composition-chart .main-svg').getBoundingClientRect().width")
    assert width <= 360
    screenshot(page, "charts-body-composition-360")
    assert problems == []


def test_a_page_without_a_chart_loads_no_plotly(page, live_server, login, tenant_a):
    problems, scripts = _watch(page)
    login(page, tenant_a.user(Role.VIEWER).username, factories.PASSWORD)
    page.goto(f"{live_server.url}/m/{tenant_a.municipality.slug}/")
    page.wait_for_load_state("networkidle")
    assert not any("plotly" in u or "charts.js" in u for u in scripts), scripts
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert problems == []


def test_without_plotly_the_table_takes_the_charts_place(page, live_server, login, tenant_a, body):
    """If the bundle does not arrive (blocked, offline), the data table opens in the chart's place."""
    login(page, tenant_a.user(Role.VIEWER).username, factories.PASSWORD)
    page.route("**/vendor/plotly/*", lambda route: route.abort())
    page.goto(f"{live_server.url}/m/{tenant_a.municipality.slug}/steering/bodies/{body.pk}/")
    page.wait_for_selector("#composition-chart[data-chart-state]", state="attached")
    assert page.locator("#composition-chart").is_hidden()
    assert page.locator(".chart-figure details.data-table").get_attribute("open") is not None
    assert page.locator(".chart-figure details.data-table tbody tr").first.is_visible()
