"""WCAG 2.1 AA in the browser: axe-core (vendored from the npm registry, tests/e2e/vendor/) over every main
page in Hebrew and English as the roles who use them; focus after a failed submit; reflow at 320 px.

The demo data (`seed_demo`) is loaded once for the module, so the pages show what users see: rounds at
every selection stage, MOUs, bodies with meetings, teams."""
import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from core import tenancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = os.path.join(os.path.dirname(__file__), "vendor", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "a11y-demo-pass"
TOWN = "sderot"  # an implementation-phase town: MOU signed, bodies meeting, teams working


@pytest.fixture
def demo(db):
    quiet = open(os.devnull, "w")
    call_command("import_authorities", str(settings.BASE_DIR / "data" / "israel_local_authorities.csv"), stdout=quiet)
    call_command("seed_demo", password=PASSWORD, stdout=quiet)
    from mou.models import AgreementVersion
    from selection.models import Candidate, SelectionRound
    from steering.models import Body, Meeting
    from teams.models import ProfessionalTeam

    with tenancy.scope_all():
        town = {"body": Body.all_municipalities.filter(municipality__slug=TOWN).order_by("pk").first(),
                "meeting": Meeting.all_municipalities.filter(municipality__slug=TOWN, minutes__gt="")
                .order_by("pk").first(),
                "team": ProfessionalTeam.all_municipalities.filter(municipality__slug=TOWN).order_by("pk").first(),
                "version": AgreementVersion.all_municipalities.filter(municipality__slug=TOWN).order_by("pk").first()}
        rounds = list(SelectionRound.objects.order_by("pk"))
        candidate = Candidate.objects.order_by("pk").first()
    assert all(town.values()) and rounds and candidate, "seed_demo should give every page something to show"
    return {**town, "round": rounds[-1], "candidate": candidate}


def municipal_pages(demo):
    base = f"/m/{TOWN}/"
    return [base, base + "people/", base + "people/new/", base + "users/", base + "audit/",
            base + "initiative/edit/",
            base + "mou/", base + "mou/versions/", base + f"mou/versions/{demo['version'].pk}/",
            base + "mou/signatories/", base + "mou/budget/", base + "mou/director/",
            base + "steering/", base + f"steering/bodies/{demo['body'].pk}/",
            base + f"steering/bodies/{demo['body'].pk}/edit/",
            base + f"steering/meetings/{demo['meeting'].pk}/", base + "steering/compliance/",
            base + "steering/actions/mine/", base + "steering/actions/overdue/",
            base + "teams/", base + f"teams/{demo['team'].pk}/"]


def hq_pages(demo):
    r = demo["round"].pk
    return ["/hq/", "/selection/", f"/selection/rounds/{r}/", f"/selection/rounds/{r}/filter/",
            f"/selection/rounds/{r}/call/", f"/selection/rounds/{r}/readiness/", f"/selection/rounds/{r}/rubric/",
            f"/selection/rounds/{r}/comparison/", f"/selection/rounds/{r}/decision/",
            f"/selection/candidates/{demo['candidate'].pk}/", "/selection/registry/"]  # as HQ admin


def set_language(page, live_server, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


def axe_violations(page):
    page.add_script_tag(path=AXE)
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                             nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""", AXE_TAGS)


def scan(page, live_server, paths, languages=("he", "en")):
    found = []
    for language in languages:
        set_language(page, live_server, language)
        for path in paths:
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            if response.status != 200:
                found.append(f"{language} {path}: HTTP {response.status}")
                continue
            assert page.locator("html").get_attribute("lang") == language
            for v in axe_violations(page):
                if v["impact"] in ("serious", "critical"):
                    found.append(f"{language} {path}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}")
    return found


def test_axe_finds_no_serious_violation_on_any_main_page(page, live_server, login, demo):
    login(page, f"director-{TOWN}", PASSWORD)
    found = scan(page, live_server, municipal_pages(demo))
    page.context.clear_cookies()
    login(page, "hq-admin", PASSWORD)
    found += scan(page, live_server, hq_pages(demo))
    page.context.clear_cookies()
    found += scan(page, live_server, ["/accounts/login/"])
    assert not found, "\n".join(found)


def test_the_api_docs_page_has_a_language(page, live_server, login, demo):
    login(page, "hq", PASSWORD)
    page.goto(live_server.url + "/api/docs/")
    assert page.locator("html").get_attribute("lang") in ("he", "en", "ar")


def test_focus_moves_to_the_error_summary_after_a_failed_submit(page, live_server, login, demo):
    set_language(page, live_server, "en")
    login(page, f"director-{TOWN}", PASSWORD)
    page.goto(f"{live_server.url}/m/{TOWN}/people/new/")
    page.fill("#id_full_name", "")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".form-errors").count() == 1
    assert page.evaluate("document.activeElement.classList.contains('form-errors')")
    # each invalid field points at its own error text, and every aria-describedby id exists
    broken = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
        el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id)))""")
    assert broken == []
    described = page.get_attribute("#id_full_name", "aria-describedby")
    assert "id_full_name_errors" in described.split()


def test_sorting_the_stage_a_table_keeps_focus_on_the_header(page, live_server, login, demo):
    set_language(page, live_server, "en")
    login(page, "hq", PASSWORD)
    page.goto(f"{live_server.url}/selection/rounds/{demo['round'].pk}/filter/")
    page.focus("#sort-population")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1200)
    assert page.evaluate("document.activeElement.id") == "sort-population"
    assert page.locator("#results[aria-live]").count() == 0
    assert re.search(r"\d+ authorit", page.locator("#live-status").inner_text())


# The innermost elements that stick out of a 320 px page (to say why a page scrolls sideways).
WIDEST = """() => [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width && (r.right > 321 || r.left < -1) && ![...el.children].some(c => {
        const q = c.getBoundingClientRect(); return q.right > 321 || q.left < -1; });
}).slice(0, 4).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
                     + ' ' + Math.round(el.getBoundingClientRect().left) + '..' + Math.round(el.getBoundingClientRect().right))"""


def test_every_main_page_reflows_at_320_px(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 320, "height": 720}, locale="en-US")
    page = context.new_page()
    wide = []
    for user, paths in ((f"director-{TOWN}", municipal_pages(demo)), ("hq", hq_pages(demo))):
        context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                culprits = page.evaluate(WIDEST)
                wide.append(f"{path}: {width}px, sticking out: {culprits}")
        # on a phone the content comes first: the navigation is one folded line above it
        page.goto(f"{live_server.url}/m/{TOWN}/" if user.startswith("director") else f"{live_server.url}/hq/")
        assert page.locator("details.nav-fold").get_attribute("open") is None
        main_top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
        assert main_top < 400, main_top
    context.close()
    assert not wide, "\n".join(wide)


def test_arabic_page_and_phone_screenshots(browser, live_server, demo, screenshot):
    """An Arabic page shows Arabic data labels (authority names, districts), and a chart page at 360 px."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hq")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    set_language(page, live_server, "ar")
    page.goto(f"{live_server.url}/m/yarka/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "يركا"
    assert "الشمال" in page.locator("main").inner_text()
    screenshot(page, "a11y-arabic-municipality-home")
    page.goto(f"{live_server.url}/selection/rounds/{demo['round'].pk}/filter/")
    page.wait_for_load_state("networkidle")
    table = page.locator("#results tbody").inner_text()
    assert "أوفاكيم" in table or "سديروت" in table or "عسقلان" in table
    screenshot(page, "a11y-arabic-selection-filter")
    context.close()
    phone = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-US", device_scale_factor=2)
    page = phone.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", f"director-{TOWN}")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/m/{TOWN}/steering/bodies/{demo['body'].pk}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "a11y-phone-360-body")
    phone.close()
