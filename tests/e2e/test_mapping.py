"""The status picture in the browser, from the demo data: headline figures, a card per life stage,
golden data with trend, target and breakdown by neighbourhood, in Hebrew and in English.
Screenshots go to docs/screenshots/mapping-status-picture-{he,en}.png."""
import io

import pytest

from core import tenancy
from core.roles import Role
from mapping import demo
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_status_picture_from_the_demo(live_server, page, login, screenshot, tenant_a):
    m = tenant_a.municipality
    with tenancy.scope_all():
        type(m).objects.filter(pk=m.pk).update(population=18642, socioeconomic_cluster=4, peripherality_cluster=3,
                                              population_year=2021, socioeconomic_year=2019, peripherality_year=2020)
        from mapping.services import registry_values_record

        registry_values_record(municipalities=type(m).objects.filter(pk=m.pk))
        demo.seed(stdout=io.StringIO())
    login(page, tenant_a.user(Role.LOCAL_DIRECTOR).username, factories.PASSWORD)
    page.goto(f"{live_server.url}/m/{m.slug}/mapping/")
    assert page.locator(".area-card").count() >= 6
    assert page.locator(".golden-indicator").count() == len(demo.GOLDEN)
    page.wait_for_selector(".js-plotly-plot")
    screenshot(page, "mapping-status-picture-he")
    page.context.add_cookies([{"name": "yishuv_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/m/{m.slug}/mapping/")
    assert "Youth-movement participation (%)" in page.content()
    assert "4 of 10" in page.content()
    page.wait_for_selector(".js-plotly-plot")
    screenshot(page, "mapping-status-picture-en")
