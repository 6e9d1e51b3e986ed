"""Stage 2 and 3 in the browser: the local director drafts the MOU, the CEO and head of authority
sign it from their own accounts, the launch moves the initiative on, the local director's profile."""
import datetime as dt
import os
import subprocess

import pytest
from django.utils import timezone

from core.roles import Role
from mou.models import Agreement, AgreementStatus, Signature
from tests import factories
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def town(db):
    m = factories.MunicipalityFactory(slug="sderot", name_he="שדרות", name_en="Sderot", population=30000)
    users = {}
    for role, username, name, title in [
            (Role.LOCAL_DIRECTOR, "director-sderot", "מיכל כהן", "מנהלת יישובית"),
            (Role.MUNICIPAL_CEO, "ceo-sderot", "יוסי לוי", "מנכ\"ל הרשות"),
            (Role.HEAD_OF_AUTHORITY, "head-sderot", "אלון דוד", "ראש העירייה")]:
        first, last = name.split(" ")
        user = factories.UserFactory(username=username, first_name=first, last_name=last)
        factories.MembershipFactory(municipality=m, user=user, role=role)
        person = factories.PersonFactory(municipality=m, full_name=name, user=user, role_title=title)
        users[role] = (user, person)
    factories.PersonFactory(municipality=m, full_name="רונית פרץ", role_title="גזברית העירייה")
    factories.HqStaffFactory(username="hq-sderot")
    initiative = factories.InitiativeFactory(municipality=m, title="היישוב במרכז – שדרות",
                                             local_director=users[Role.LOCAL_DIRECTOR][1],
                                             start_date=dt.date(2026, 1, 1))
    return {"m": m, "initiative": initiative}


def _new_page(browser, live_server, login, username):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    login(page, username, factories.PASSWORD)
    return page


def test_mou_flow(page, browser, live_server, login, screenshot, town):
    base = f"{live_server.url}/m/sderot/mou/"
    login(page, "director-sderot", factories.PASSWORD)
    page.goto(base)
    assert "בניית הסכמות" in page.locator("h1").inner_text()
    page.click("form[action$='/mou/start/'] button[type=submit]")
    assert "תהליך בניית ההסכמות נפתח" in page.locator(".messages").inner_text()

    # Record the first two steps of the process.
    for kind, day, notes in [("introduction", "2025-10-20", "למידת האסטרטגיה היישובית עם ראש העירייה"),
                             ("partnership", "2025-11-15", "סוכמו ייעוד השותפות והמסגרת התקציבית")]:
        page.goto(base + "steps/new/")
        page.select_option("#id_kind", kind)
        page.fill("#id_date", day)
        page.fill("#id_participants", "אלון דוד, ראש העירייה\nיוסי לוי, מנכ\"ל")
        page.fill("#id_notes", notes)
        page.click("form.stack button[type=submit]")

    # Draft: change the vision and the exit clause; each save is a version.
    page.goto(base + "edit/")
    page.fill("#id_purpose", "החזון המשותף: כל ילד וילדה בשדרות ימצו את הפוטנציאל שלהם, מהלידה ועד התעסוקה.")
    page.fill("#id_change_note", "ניסוח החזון של שדרות")
    screenshot(page, "mou-edit")
    page.click("form.stack button[type=submit]")
    assert "נשמר כגרסה 2" in page.locator(".messages").inner_text()

    # Budget appendix.
    for year, sector, funder, purpose, amount in [
            ("2026", "philanthropy", "יוזמת היישוב במרכז", "שכר המנהלת היישובית", "420000"),
            ("2026", "authority", "עיריית שדרות", "רכזי תחומים", "180000"),
            ("2027", "government", "משרד החינוך", "הכשרת צוותים", "150000")]:
        page.goto(base + "budget/")
        page.fill("#id_year", year)
        page.select_option("#id_source_sector", sector)
        page.fill("#id_funder", funder)
        page.fill("#id_purpose", purpose)
        page.fill("#id_amount", amount)
        page.click("#line-form button[type=submit]")
    assert "750,000.00" in page.locator("tfoot").inner_text()
    screenshot(page, "mou-budget")

    # Compare version 1 with the latest.
    page.goto(base + "versions/")
    page.check("input[name=a] >> nth=-1")
    page.click("form.card button[type=submit]")
    assert page.locator("table.diff ins").count() > 0 and page.locator("table.diff del").count() > 0
    screenshot(page, "mou-compare")

    # Sending is refused while one of the guide's five anchors has no signatory: Sderot's directory has no
    # head of the education or welfare division, so HQ marks that anchor not applicable, with the reason.
    page.goto(base)
    page.click("form[action$='/mou/submit/'] button[type=submit]")
    assert "נשלח לחתימה" not in page.locator(".messages").inner_text()
    page.goto(base + "signatories/")
    assert page.locator("#missing-anchors").count() == 1
    # The head of authority's and the CEO's rows offer no "remove".
    for name in ("אלון דוד", "יוסי לוי"):
        assert page.locator(f"tr:has-text('{name}') form[action$='/delete/']").count() == 0
    hq = _new_page(browser, live_server, login, "hq-sderot")
    hq.goto(base + "signatories/")
    hq.select_option("#id_exempt-anchor", "education_welfare")
    hq.fill("#id_exempt-reason", "בשדרות אגף החינוך והרווחה מיוצג בחתימת המנכ\"ל")
    hq.click("form[action$='/anchors/not-applicable/'] button[type=submit]")
    assert "אגף החינוך והרווחה מיוצג" in hq.locator("main").inner_text()
    hq.close()

    # Sending is refused while a required signatory has no account: the treasurer signs on paper.
    page.goto(base)
    page.click("form[action$='/mou/submit/'] button[type=submit]")
    assert "רונית פרץ" in page.locator(".messages").inner_text()
    page.goto(base + "signatories/")
    assert page.locator("#missing-anchors").count() == 0
    assert "אגף החינוך והרווחה מיוצג" in page.locator("main").inner_text()
    screenshot(page, "mou-signatories")
    page.click("tr:has-text('רונית פרץ') a")
    page.check("#id_signs_on_paper")
    page.click("form.stack button[type=submit]")
    page.goto(base)
    page.click("form[action$='/mou/submit/'] button[type=submit]")
    assert "נשלח לחתימה" in page.locator(".messages").inner_text()
    screenshot(page, "mou-overview-signing")

    # The CEO finds it in "awaiting my approval" and signs from their own account.
    ceo = _new_page(browser, live_server, login, "ceo-sderot")
    ceo.goto(f"{live_server.url}/m/sderot/approvals/")
    ceo.click("main a[href*='/mou/versions/']")
    assert ceo.locator("button:has-text('חתימה על גרסה')").count() == 1
    screenshot(ceo, "mou-sign")
    ceo.check("form[action*='/sign/'] input[type=checkbox]")
    ceo.click("form[action*='/sign/'] button[type=submit]")
    assert "חתמת על מסמך ההבנות" in ceo.locator(".messages").inner_text()

    # A stale page: the director changes the text while the head of authority is reading. Out for
    # signature the draft cannot be edited: the director first takes it back to draft, knowingly.
    head = _new_page(browser, live_server, login, "head-sderot")
    head.goto(f"{live_server.url}/m/sderot/approvals/")
    head.click("main a[href*='/mou/versions/']")
    page.goto(base + "edit/")
    assert page.locator("#id_parties").count() == 0
    assert "חתימה אחת" in page.locator("main").inner_text()
    screenshot(page, "mou-edit-out-for-signature")
    page.check("#id_confirm_withdraw")
    page.click("form[action$='/mou/withdraw/'] button[type=submit]")
    assert "הוחזר לטיוטה" in page.locator(".messages").inner_text()
    page.fill("#id_parties", "סעיף יציאה: הודעה מוקדמת של שישה חודשים בכתב, לאחר דיון בצוות המוביל.")
    page.click("form.stack button[type=submit]")
    page.goto(base)
    page.click("form[action$='/mou/submit/'] button[type=submit]")
    assert "נשלח לחתימה" in page.locator(".messages").inner_text()
    head.check("form[action*='/sign/'] input[type=checkbox]")
    head.click("form[action*='/sign/'] button[type=submit]")
    assert "השתנה אחרי שפתחת אותו" in head.locator(".messages").inner_text()
    # Now everyone signs the current version (the CEO again, since the text changed).
    for signer in (ceo, head, page):
        signer.goto(f"{live_server.url}/m/sderot/mou/")
        signer.click("a:has-text('קריאת הגרסה הנוכחית וחתימה')")
        signer.check("form[action*='/sign/'] input[type=checkbox]")
        signer.click("form[action*='/sign/'] button[type=submit]")
    assert Agreement.all_municipalities.get().status == AgreementStatus.SIGNING  # the treasurer signs on paper
    # The treasurer signed the printed version: the director uploads the signed scan.
    scan = "/tmp/mou-e2e-scan.pdf"
    with open(scan, "wb") as fh:
        fh.write(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    page.set_input_files("form[action*='/paper/'] input[type=file]", scan)
    page.check("form[action*='/paper/'] input[type=checkbox]")
    page.click("form[action*='/paper/'] button[type=submit]")
    agreement = Agreement.all_municipalities.get()
    assert agreement.status == AgreementStatus.SIGNED
    assert Signature.all_municipalities.get(version=agreement.signed_version, on_paper=True).signer_name == "רונית פרץ"
    assert page.locator("a[href*='/scan/']").count() == 1

    # The PDF: Hebrew glyphs, rendered to PNG for a look.
    pdf_url = page.locator("a:has-text('PDF')").first.get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.headers["content-type"] == "application/pdf"
    out = SCREENSHOTS
    pdf_path = "/tmp/mou-e2e.pdf"
    with open(pdf_path, "wb") as fh:
        fh.write(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf_path,
                    os.path.join(out, "mou-pdf")], check=True)

    # The official launch moves the initiative on.
    page.goto(base + "steps/new/")
    page.select_option("#id_kind", "launch")
    page.fill("#id_date", "2026-01-20")
    page.fill("#id_participants", "ראש העירייה, מנכ\"ל, שותפים ותושבים")
    page.click("form.stack button[type=submit]")
    assert "היוזמה עברה לשלב המנהלת היישובית" in page.locator(".messages").inner_text()
    screenshot(page, "mou-overview-signed")

    # Amendment after signing.
    page.click("form[action$='/mou/amend/'] button[type=submit]")
    assert page.locator("h1").inner_text() == "תיקון 1 למסמך ההבנות"
    ceo.close()
    head.close()


def test_local_director_profile(page, live_server, login, screenshot, town):
    login(page, "director-sderot", factories.PASSWORD)
    page.goto(f"{live_server.url}/m/sderot/mou/director/")
    assert "מנהלת יישובית" in page.locator("h1").inner_text()
    page.select_option("#id_recruitment_status", "in_post")
    page.fill("#id_start_date", "2026-01-15")
    page.fill("#id_permanent_post_due", (timezone.localdate() + dt.timedelta(days=40)).isoformat())
    page.select_option("#id_reports_to_person", label="יוסי לוי")
    page.uncheck("input[name=duties][value=policy]")
    page.click("form.stack button[type=submit]")
    assert "בקרוב" in page.locator(".notice").inner_text()
    assert "לא כלול בהגדרת התפקיד" in page.content()
    screenshot(page, "mou-director")
