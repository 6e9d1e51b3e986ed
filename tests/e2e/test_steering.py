"""A local director's week in the browser: set up the steering committee from the guide's defaults,
add members, plan the year, record a meeting; the CEO appoints a professional team's domain lead.
Screenshots go to docs/screenshots/steering-*.png and teams-*.png."""
import datetime as dt
import os
import shutil
import subprocess
import tempfile

import pytest
from django.utils import timezone

from core.reference import Sector
from core.roles import Role
from tests import factories
from tests.e2e.conftest import SCREENSHOTS

PEOPLE = [("רונית כהן", Sector.AUTHORITY), ("אבי לוי", Sector.AUTHORITY), ("שירה מזרחי", Sector.RESIDENTS),
          ("דוד פרץ", Sector.RESIDENTS), ("נועה ביטון", Sector.THIRD_SECTOR), ("משה אברהם", Sector.GOVERNMENT),
          ("הילה דהן", Sector.BUSINESS), ("עומר חדד", Sector.RESIDENTS), ("תמר גבאי", Sector.THIRD_SECTOR),
          ("אלי עמר", Sector.AUTHORITY)]


@pytest.mark.django_db(transaction=True)
def test_director_runs_the_steering_committee(live_server, page, login, screenshot, tenant_a):
    m = tenant_a.municipality
    for name, sector in PEOPLE:
        factories.PersonFactory(municipality=m, full_name=name, sector=sector, role_title="חבר/ת מינהלת")
    base = f"{live_server.url}/m/{m.slug}/steering/"
    login(page, tenant_a.user(Role.LOCAL_DIRECTOR).username, factories.PASSWORD)

    # 1. set up the steering committee from the guide's defaults
    page.goto(base)
    page.select_option("#new-kind", "steering_committee")
    page.click("text=ממשיכים עם ברירות המחדל של המדריך")
    assert page.input_value("#id_meetings_per_year") == "11"
    assert page.input_value("#id_duration_minutes") == "150"
    assert page.is_checked("input[name=skip_months_choice][value='8']")
    assert page.input_value("#id_target_residents") == "30"
    # changing the kind fills in that kind's defaults and keeps the typed name (htmx)
    page.fill("#id_name", "מינהלת העיר")
    page.select_option("#id_kind", "leading_team")
    page.wait_for_function("document.querySelector('#id_meetings_per_year').value === '6'")
    assert page.input_value("#id_min_size") == "5" and page.input_value("#id_name") == "מינהלת העיר"
    page.select_option("#id_kind", "steering_committee")
    page.wait_for_function("document.querySelector('#id_meetings_per_year').value === '11'")
    assert page.input_value("#id_target_residents") == "30" and page.input_value("#id_name") == "מינהלת העיר"
    page.fill("#id_name", "מינהלת יישובית")
    page.fill("#id_established_on", (timezone.localdate() - dt.timedelta(days=400)).isoformat())
    screenshot(page, "steering-body-form")
    page.click("button[type=submit]:has-text('שמירה')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "מינהלת יישובית"

    # 2. members from the people directory (all ten, through the form)
    for name, _sector in PEOPLE:
        page.select_option("#id_person", label=name)
        page.click("button:has-text('הוספת חבר/ה')")
        page.wait_for_load_state("networkidle")
    assert page.locator("text=הגוף מונה 10 חברים").count() == 1  # fewer than the 30 the guide asks for

    # 3. plan a year of meetings from the cadence, starting ten months ago
    page.click("summary:has-text('תכנון שנת פגישות')")
    first = timezone.localdate() - dt.timedelta(days=300)
    page.fill("#id_first_date", first.isoformat())
    page.fill("#id_start_time", "17:00")
    page.fill("#id_location", "אולם המועצה")
    page.click("button:has-text('תכנון הפגישות')")
    page.wait_for_load_state("networkidle")
    # dates in the past are shown first and planned only once confirmed
    assert page.locator("details[open] .notice.warn").count() == 1
    page.check("#id_confirm")
    page.click("button:has-text('תכנון הפגישות')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages").inner_text().startswith("11")

    # 4. record the first meeting: attendance, minutes, a decision and an action item
    page.locator("h3:has-text('פגישות קודמות') + .table-wrap tbody tr th a").last.click()
    page.wait_for_load_state("networkidle")
    selects = page.locator("select[name^=member_]")
    for i in range(selects.count()):
        selects.nth(i).select_option(["present", "present", "present", "excused", "absent"][i % 5])
    page.click("button:has-text('שמירת הנוכחות')")
    page.wait_for_load_state("networkidle")
    page.click("text=כתיבת הפרוטוקול")
    page.fill("#id_minutes", "פתיחה: ראש הרשות.\nהוצגה תמונת המצב בתחום הגיל הרך ונערך דיון.\nסיכום: הוחלט כמפורט.")
    page.click("button:has-text('שמירת הפרוטוקול')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_text", "המינהלת ממליצה לאמץ את תחום הגיל הרך כיעד יישובי ראשון.")
    page.click("button:has-text('רישום ההחלטה')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_title", "להפיץ לחברי המינהלת את תמונת המצב")
    page.select_option("#id_owner", label="רונית כהן")
    page.fill("#id_due_date", (first + dt.timedelta(days=14)).isoformat())
    page.select_option("#id_decision", index=1)
    page.click("button:has-text('הוספת המשימה')")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=החלטה 1").count() >= 1
    assert page.locator("text=באיחור").count() >= 1
    screenshot(page, "steering-meeting")

    # the calendar file and the minutes PDF
    ics = page.request.get(page.url + "meeting.ics")
    assert ics.ok and ics.text().startswith("BEGIN:VCALENDAR")
    pdf = page.request.get(page.url + "minutes.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "minutes.pdf")
            with open(path, "wb") as fh:
                fh.write(pdf.body())
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-singlefile", path,
                            os.path.join(SCREENSHOTS, "steering-minutes-pdf")], check=True)

    # 5. the body with its composition chart, the overview pages
    page.click(".breadcrumbs a:has-text('מינהלת יישובית')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".chart-figure").count() == 1
    # 3 authority, 3 residents, 2 third sector, 1 government, 1 business: exactly the guide's 30/30/20/10/10
    assert page.locator("text=ההרכב חורג מהיעד").count() == 0
    assert page.locator("text=הגוף מונה 10 חברים").count() == 1
    screenshot(page, "steering-body")
    page.goto(base + "compliance/")
    assert page.locator("tbody tr").count() == 1
    screenshot(page, "steering-compliance")
    page.goto(base + "actions/overdue/")
    assert page.locator("text=להפיץ לחברי המינהלת את תמונת המצב").count() == 1
    screenshot(page, "steering-overdue")
    page.goto(base)
    screenshot(page, "steering-index")


@pytest.mark.django_db(transaction=True)
def test_ceo_appoints_a_professional_teams_domain_lead(live_server, page, login, screenshot, tenant_a):
    m = tenant_a.municipality
    factories.PersonFactory(municipality=m, full_name="מיכל אזולאי", role_title="מנהלת היחידה לגיל הרך")
    base = f"{live_server.url}/m/{m.slug}/teams/"
    login(page, tenant_a.user(Role.LOCAL_DIRECTOR).username, factories.PASSWORD)
    page.goto(base)
    page.click("text=הקמת צוות")
    page.fill("#id_name", "צוות מקצועי – הגיל הרך")
    page.select_option("#id_domain", "early_childhood")
    page.click("button:has-text('שמירה')")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=אין עדיין מוביל/ת תחום").count() == 1
    assert page.locator("#teams-appoint").count() == 0 and page.locator("text=מינוי מוביל/ת התחום").count() == 0
    first = page.locator("input[name=done]").first
    first.check()
    page.locator("input[name=link_url]").first.fill(f"/m/{m.slug}/steering/")
    page.locator("button:has-text('שמירה')").first.click()
    page.wait_for_load_state("networkidle")
    team_url = page.url.split("#")[0]
    page.context.clear_cookies()

    login(page, tenant_a.user(Role.MUNICIPAL_CEO).username, factories.PASSWORD)
    page.goto(team_url)
    page.select_option("#id_person", label="מיכל אזולאי · מנהלת היחידה לגיל הרך")
    page.fill("#id_mandate", "הובלת התחום ברשות, ניהול התקציב המשותף ותיאום השותפים.")
    page.click("button:has-text('מינוי')")
    page.wait_for_load_state("networkidle")
    assert page.locator("dd:has-text('מיכל אזולאי')").count() == 1
    screenshot(page, "teams-detail")
    page.goto(base)
    assert page.locator("text=מיכל אזולאי").count() == 1
    screenshot(page, "teams-index")
