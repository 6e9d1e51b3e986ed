"""The pages a local director uses every week, and who may do what."""
import datetime as dt

import pytest
from django.utils import timezone

from core import tenancy
from core.roles import Role
from steering.models import Body, BodyMember, Decision, Meeting
from tests import factories
from tests.steering.factories import ActionItemFactory, BodyFactory, MeetingFactory


def url(tenant, path=""):
    return f"/m/{tenant.municipality.slug}/steering/{path}"


@pytest.mark.django_db
def test_index_lists_bodies_for_every_member(tenant_a, client_for):
    BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality, name="מינהלת שדרות")
    for role in Role:
        response = client_for(tenant_a.user(role)).get(url(tenant_a))
        assert response.status_code == 200
        assert "מינהלת שדרות" in response.content.decode()


@pytest.mark.django_db
def test_new_body_form_starts_with_the_guides_defaults_and_saves(tenant_a, client_for):
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    page = client.get(url(tenant_a, "bodies/new/?kind=steering_committee")).content.decode()
    assert 'name="meetings_per_year"' in page and 'value="11"' in page and 'value="150"' in page
    data = {"kind": "steering_committee", "name": "מינהלת יישובית", "chair_title": "ראש הרשות",
            "min_size": 30, "max_size": 40, "meetings_per_year": 11, "interval_months": 1, "duration_minutes": 150,
            "reminder_days": 3, "established_on": "2026-01-01", "is_active": "on", "skip_months_choice": ["8"],
            "target_authority": 30, "target_residents": 30, "target_third_sector": 20, "target_government": 10,
            "target_business": 10}
    response = client.post(url(tenant_a, "bodies/new/"), data)
    assert response.status_code == 302
    body = Body.all_municipalities.get(name="מינהלת יישובית")
    assert body.skip_months == [8] and body.composition_target["residents"] == 30
    assert body.history.all_municipalities().first().history_user == tenant_a.user(Role.LOCAL_DIRECTOR)


@pytest.mark.django_db
def test_bad_body_input_keeps_what_was_typed(tenant_a, client_for):
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    data = {"kind": "leading_team", "name": "צוות מוביל שלי", "meetings_per_year": 6, "interval_months": 2,
            "duration_minutes": 90, "reminder_days": 3, "established_on": "2026-01-01", "min_size": 9, "max_size": 5,
            "target_authority": 70}
    response = client.post(url(tenant_a, "bodies/new/"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "צוות מוביל שלי" in page
    assert "100%" in page  # the composition must add up to 100%
    assert not Body.all_municipalities.filter(name="צוות מוביל שלי").exists()


@pytest.mark.django_db
def test_concurrent_edit_of_a_body_is_refused(tenant_a, client_for):
    body = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    page = client.get(url(tenant_a, f"bodies/{body.pk}/edit/")).content.decode()
    import re

    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    with tenancy.scope_all():
        Body.objects.filter(pk=body.pk).update(updated_at=timezone.now() + dt.timedelta(seconds=5))
    data = {"name": "שם חדש", "meetings_per_year": 11, "interval_months": 1, "duration_minutes": 150,
            "reminder_days": 3, "established_on": "2026-01-01", "version": version, "target_authority": 100}
    response = client.post(url(tenant_a, f"bodies/{body.pk}/edit/"), data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() and "שם חדש" in response.content.decode()
    body.refresh_from_db()
    assert body.name != "שם חדש"


@pytest.mark.django_db
def test_weekly_flow_members_plan_attendance_minutes_decision_action(tenant_a, client_for):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    person = factories.PersonFactory(municipality=m, full_name="רונית כהן", sector="residents")
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    assert client.post(url(tenant_a, f"bodies/{body.pk}/members/add/"), {"person": person.pk, "role": "member"}
                       ).status_code == 302
    member = BodyMember.all_municipalities.get(body=body, person=person)
    assert member.sector == "residents"
    assert client.post(url(tenant_a, f"bodies/{body.pk}/plan-year/"), {
        "first_date": "2027-01-12", "start_time": "17:00", "location": "אולם",
        "avoid_holidays": "on"}).status_code == 302  # 11.5.2027 is Remembrance Day: moved off it
    assert Meeting.all_municipalities.filter(body=body).count() == 11
    # the meeting of this week took place yesterday (added by hand); its records follow
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    assert client.post(url(tenant_a, f"bodies/{body.pk}/meetings/new/"), {
        "starts_at": yesterday.strftime("%Y-%m-%dT17:00"), "duration_minutes": 150, "status": "planned",
        "title": "ישיבה שלא מהתכנון"}).status_code == 302
    meeting = Meeting.all_municipalities.get(body=body, title="ישיבה שלא מהתכנון")
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/attendance/"),
                       {f"member_{member.pk}": "present"}).status_code == 302
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/minutes/"),
                       {"minutes": "סיכום הדיון", "version": _version(meeting)}).status_code == 302
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/decisions/add/"), {"text": "לאמץ יעד"}).status_code == 302
    decision = Decision.all_municipalities.get(meeting=meeting)
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/actions/add/"), {
        "title": "להפיץ סיכום", "owner": person.pk, "due_date": "2027-01-20", "decision": decision.pk}
    ).status_code == 302
    page = client.get(url(tenant_a, f"meetings/{meeting.pk}/")).content.decode()
    assert "סיכום הדיון" in page and "לאמץ יעד" in page and "להפיץ סיכום" in page
    meeting.refresh_from_db()
    assert meeting.status == "held"
    body_page = client.get(url(tenant_a, f"bodies/{body.pk}/")).content.decode()
    assert "רונית כהן" in body_page and '<td class="num-cell">100.0%</td>' in body_page  # attendance rate
    assert 'class="chart-figure"' in body_page and "<caption>" in body_page  # composition chart + data table


def _version(meeting):
    with tenancy.scope_all():
        meeting.refresh_from_db()
    return meeting.updated_at.isoformat()


@pytest.mark.django_db
def test_delete_with_records_is_soft_and_restore_brings_it_back(tenant_a, client_for):
    m = tenant_a.municipality
    meeting = MeetingFactory(body=BodyFactory(initiative=tenant_a.initiative, municipality=m), municipality=m,
                             minutes="חשוב")
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/delete/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted_at is not None
    body_page = client.get(url(tenant_a, f"bodies/{meeting.body_id}/")).content.decode()
    assert f"/meetings/{meeting.pk}/" not in body_page  # hidden from the body's meetings
    assert str(meeting.pk) in client.get(url(tenant_a, "meetings/deleted/")).content.decode()
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/restore/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMITTEE_MEMBER, Role.DOMAIN_LEAD])
def test_readers_cannot_change_bodies(role, tenant_a, client_for):
    body = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    client = client_for(tenant_a.user(role))
    assert client.get(url(tenant_a, f"bodies/{body.pk}/")).status_code == 200
    assert client.get(url(tenant_a, "bodies/new/")).status_code == 403
    assert client.post(url(tenant_a, f"bodies/{body.pk}/plan-year/"), {"first_date": "2027-01-01",
                                                                        "start_time": "17:00"}).status_code == 403
    assert not Meeting.all_municipalities.exists()


@pytest.mark.django_db
def test_owner_updates_their_own_action_but_not_others(tenant_a, client_for):
    from municipalities.models import Person

    m = tenant_a.municipality
    user = tenant_a.user(Role.COMMITTEE_MEMBER)
    me = Person.all_municipalities.get(municipality=m, user=user)
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    mine = ActionItemFactory(body=body, municipality=m, owner=me, title="המשימה שלי")
    theirs = ActionItemFactory(body=body, municipality=m)
    client = client_for(user)
    assert "המשימה שלי" in client.get(url(tenant_a, "actions/mine/")).content.decode()
    assert client.post(url(tenant_a, f"actions/{mine.pk}/status/"), {"status": "done"}).status_code == 302
    assert client.post(url(tenant_a, f"actions/{theirs.pk}/status/"), {"status": "done"}).status_code == 403
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "done" and theirs.status == "open"


@pytest.mark.django_db
def test_overdue_and_compliance_pages(tenant_a, client_for):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m, name="צוות מוביל")
    ActionItemFactory(body=body, municipality=m, title="משימה באיחור", due_date=timezone.localdate() - dt.timedelta(days=3))
    client = client_for(tenant_a.user(Role.VIEWER))
    assert "משימה באיחור" in client.get(url(tenant_a, "actions/overdue/")).content.decode()
    assert "צוות מוביל" in client.get(url(tenant_a, "compliance/")).content.decode()


@pytest.mark.django_db
def test_ics_export(tenant_a, client_for):
    m = tenant_a.municipality
    meeting = MeetingFactory(body=BodyFactory(initiative=tenant_a.initiative, municipality=m, name="מינהלת, שדרות"),
                             municipality=m, agenda="פתיחה; עדכונים\nסיכום",
                             starts_at=timezone.make_aware(dt.datetime(2027, 1, 12, 17, 0)))
    response = client_for(tenant_a.user(Role.VIEWER)).get(url(tenant_a, f"meetings/{meeting.pk}/meeting.ics"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert f"UID:meeting-{m.pk}-{meeting.pk}@yishuv.steering\r\n" in text
    assert "DTSTART:20270112T150000Z" in text  # 17:00 in Jerusalem (winter, UTC+2)
    assert "DTEND:20270112T173000Z" in text
    assert "SUMMARY:מינהלת\\, שדרות" in text
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:פתיחה\\; עדכונים\\nסיכום" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    again = client_for(tenant_a.user(Role.VIEWER)).get(url(tenant_a, f"meetings/{meeting.pk}/meeting.ics"))
    assert f"UID:meeting-{m.pk}-{meeting.pk}@yishuv.steering" in again.content.decode()


@pytest.mark.django_db
def test_minutes_pdf(tenant_a, client_for):
    m = tenant_a.municipality
    meeting = MeetingFactory(body=BodyFactory(initiative=tenant_a.initiative, municipality=m), municipality=m,
                             minutes="סיכום הישיבה")
    response = client_for(tenant_a.user(Role.VIEWER)).get(url(tenant_a, f"meetings/{meeting.pk}/minutes.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_ics_of_a_cancelled_meeting_keeps_its_uid_and_says_cancelled(tenant_a, client_for):
    m = tenant_a.municipality
    meeting = MeetingFactory(body=BodyFactory(initiative=tenant_a.initiative, municipality=m), municipality=m)
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    before = client.get(url(tenant_a, f"meetings/{meeting.pk}/meeting.ics")).content.decode()
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/cancel/")).status_code == 302
    after = client.get(url(tenant_a, f"meetings/{meeting.pk}/meeting.ics")).content.decode()
    uid = [line for line in before.split("\r\n") if line.startswith("UID:")]
    assert uid and uid[0] in after
    assert "STATUS:CANCELLED" in after and "SEQUENCE:1" in after and "SEQUENCE:0" in before


@pytest.mark.django_db
def test_minutes_pdf_is_tagged_and_wraps_a_long_word(tenant_a, client_for, tmp_path):
    """PDF/UA: the minutes are a tagged PDF (a screen reader gets structure and language); a 5,000-character
    word wraps inside the page instead of running off it."""
    import re
    import shutil
    import subprocess

    m = tenant_a.municipality
    meeting = MeetingFactory(body=BodyFactory(initiative=tenant_a.initiative, municipality=m), municipality=m,
                             agenda="ג'ובים " + "x" * 5000, minutes="סיכום")
    response = client_for(tenant_a.user(Role.VIEWER)).get(url(tenant_a, f"meetings/{meeting.pk}/minutes.pdf"))
    assert response.status_code == 200
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2  # the long word wrapped onto many lines (unwrapped, it is one line on page 1)
