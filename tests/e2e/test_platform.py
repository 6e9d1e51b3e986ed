"""A local director and HQ sign in through the real form in Chromium and see what their role allows."""
import pytest

from core.roles import PlatformRole, Role
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(db):
    sderot = factories.MunicipalityFactory(slug="sderot", name_he="שדרות", name_en="Sderot", population=30000,
                                           socioeconomic_cluster=5, peripherality_cluster=4)
    ofakim = factories.MunicipalityFactory(slug="ofakim", name_he="אופקים", name_en="Ofakim", population=33999,
                                           socioeconomic_cluster=3, peripherality_cluster=3)
    director = factories.UserFactory(username="director-sderot", first_name="מיכל", last_name="כהן")
    factories.MembershipFactory(municipality=sderot, user=director, role=Role.LOCAL_DIRECTOR)
    person = factories.PersonFactory(municipality=sderot, full_name="מיכל כהן", user=director,
                                     role_title="מנהלת יישובית", sector="initiative_staff")
    factories.InitiativeFactory(municipality=sderot, title="היישוב במרכז – שדרות", stage=4, phase="implementation",
                                local_director=person)
    factories.InitiativeFactory(municipality=ofakim, title="היישוב במרכז – אופקים", stage=7, phase="implementation")
    factories.HqStaffFactory(username="hq", first_name="צוות", last_name="מטה", platform_role=PlatformRole.HQ_STAFF)
    return {"sderot": sderot, "ofakim": ofakim}


def test_local_director_sees_only_their_municipality(page, live_server, login, screenshot, network):
    login(page, "director-sderot", factories.PASSWORD)
    assert page.url.endswith("/m/sderot/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "he"
    assert page.locator("h1").inner_text() == "שדרות"
    assert page.locator(".roadmap li").count() == 10
    assert page.locator(".roadmap li.current").count() == 1
    nav = page.locator("nav.sidebar").inner_text()
    assert "אופקים" not in nav and "אופקים" not in page.content()
    screenshot(page, "platform-municipality-home")
    response = page.goto(f"{live_server.url}/m/ofakim/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/hq/")
    assert response.status == 404
    # keyboard: the skip link is the first stop and moves focus to the main content
    page.goto(f"{live_server.url}/m/sderot/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_hq_sees_every_locality_and_can_switch_language(page, live_server, login, screenshot, network):
    login(page, "hq", factories.PASSWORD)
    assert page.url.endswith("/hq/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "שדרות" in page.content() and "אופקים" in page.content()
    screenshot(page, "platform-hq-home")
    page.click("table >> text=אופקים")
    assert page.url.endswith("/m/ofakim/")
    page.select_option("#language-select", "en")
    page.click(".language-switch button")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Ofakim"
    screenshot(page, "platform-municipality-home-en")


def test_people_directory_search_updates_live(page, live_server, login, network):
    login(page, "director-sderot", factories.PASSWORD)
    page.goto(f"{live_server.url}/m/sderot/people/")
    page.fill("#people-q", "מיכל")
    page.wait_for_timeout(800)
    assert page.locator("#people-results tbody tr").count() == 1
    page.fill("#people-q", "אין-כזה")
    page.wait_for_timeout(800)
    assert page.locator("#people-results .empty").count() == 1
