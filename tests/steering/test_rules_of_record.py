"""Rules shared by the pages and the API: a meeting is held only once its date has come, cancelled
meetings take no attendance and do not count, the API applies the same defaults and numbering as the
forms, plans skip months that already have a meeting, nothing recorded is hard-deleted."""
import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from core.roles import Role
from steering import selectors, services
from steering.models import ActionItem, Attendance, Body, Decision, Meeting, MeetingStatus
from tests import factories
from tests.steering.factories import (
    ActionItemFactory,
    AttendanceFactory,
    BodyFactory,
    BodyMemberFactory,
    DecisionFactory,
    MeetingFactory,
)


def url(tenant, path=""):
    return f"/m/{tenant.municipality.slug}/steering/{path}"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


@pytest.fixture
def body(tenant_a):
    return BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)


@pytest.fixture
def director(tenant_a):
    return tenant_a.user(Role.LOCAL_DIRECTOR)


def _meeting(body, *, days, **kw):
    return MeetingFactory(body=body, municipality=body.municipality,
                          starts_at=timezone.now() + dt.timedelta(days=days), **kw)


# --- 4. a future meeting is not held --------------------------------------------------------------
@pytest.mark.django_db
def test_attendance_on_a_future_meeting_is_refused_and_it_stays_planned(tenant_a, body, director, client_for):
    member = BodyMemberFactory(body=body, municipality=body.municipality)
    future = _meeting(body, days=10)
    client = client_for(director)
    response = client.post(url(tenant_a, f"meetings/{future.pk}/attendance/"), {f"member_{member.pk}": "present"},
                           follow=True)
    page = response.content.decode()
    assert "has not taken place yet" in page or "טרם" in page or "עוד לא" in page
    future.refresh_from_db()
    assert future.status == MeetingStatus.PLANNED
    assert not Attendance.all_municipalities.filter(meeting=future).exists()
    assert f'name="member_{member.pk}"' not in page  # no attendance form on a future meeting


@pytest.mark.django_db
def test_minutes_on_a_future_meeting_do_not_mark_it_held(tenant_a, body, director, scope_of):
    future = _meeting(body, days=3)
    today = _meeting(body, days=0)
    with scope_of(tenant_a.municipality):
        services.meeting_record_minutes(meeting=future, minutes="טיוטה", by=director)
        services.meeting_record_minutes(meeting=today, minutes="סיכום", by=director)
    future.refresh_from_db()
    today.refresh_from_db()
    assert future.status == MeetingStatus.PLANNED and future.minutes == "טיוטה"
    assert today.status == MeetingStatus.HELD


@pytest.mark.django_db
def test_status_held_is_refused_for_a_future_date_in_the_form_and_the_api(tenant_a, body, director, client_for):
    future = _meeting(body, days=20)
    starts = timezone.localtime(future.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client_for(director).post(url(tenant_a, f"meetings/{future.pk}/edit/"), {
        "starts_at": starts, "duration_minutes": 150, "status": "held", "version": future.updated_at.isoformat()})
    assert response.status_code == 200 and 'id="id_status_errors"' in response.content.decode()
    response = api(director).patch(f"/api/v1/steering/meetings/{future.pk}/", {"status": "held"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    future.refresh_from_db()
    assert future.status == MeetingStatus.PLANNED
    past = _meeting(body, days=-2)
    response = api(director).patch(f"/api/v1/steering/meetings/{past.pk}/", {"status": "held"}, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_api_attendance_follows_the_same_rules(tenant_a, body, director):
    member = BodyMemberFactory(body=body, municipality=body.municipality)
    m = tenant_a.municipality.slug
    future = _meeting(body, days=5)
    response = api(director).post("/api/v1/steering/attendance/", {
        "municipality": m, "meeting": future.pk, "member": member.pk, "status": "present"}, format="json")
    assert response.status_code == 400
    cancelled = _meeting(body, days=-5, status=MeetingStatus.CANCELLED)
    response = api(director).post("/api/v1/steering/attendance/", {
        "municipality": m, "meeting": cancelled.pk, "member": member.pk, "status": "present"}, format="json")
    assert response.status_code == 400
    past = _meeting(body, days=-1)
    response = api(director).post("/api/v1/steering/attendance/", {
        "municipality": m, "meeting": past.pk, "member": member.pk, "status": "present"}, format="json")
    assert response.status_code == 201, response.content
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD  # as when attendance is recorded in the page


# --- 10. cancelled meetings ------------------------------------------------------------------------
@pytest.mark.django_db
def test_cancelled_meetings_take_no_attendance_and_do_not_count_in_rates(tenant_a, body, director, scope_of):
    member = BodyMemberFactory(body=body, municipality=body.municipality)
    held = _meeting(body, days=-30, status=MeetingStatus.HELD)
    cancelled = _meeting(body, days=-60, status=MeetingStatus.CANCELLED)
    AttendanceFactory(meeting=held, member=member, municipality=body.municipality, status="present")
    # recorded before the meeting was cancelled
    AttendanceFactory(meeting=cancelled, member=member, municipality=body.municipality, status="absent")
    with scope_of(tenant_a.municipality):
        with pytest.raises(ValidationError):
            services.attendance_record(meeting=cancelled, statuses={str(member.pk): "present"}, by=director)
        (rate,) = selectors.attendance_rates(body=body)
        (row,) = selectors.compliance(municipality=tenant_a.municipality)
    assert (rate["recorded"], rate["present"], rate["rate"]) == (1, 1, 100.0)
    assert row.attendance_rate == 100.0 and row.held == 1


# --- 14. cancel with confirmation, and undo ------------------------------------------------------------
@pytest.mark.django_db
def test_cancel_asks_for_confirmation_and_can_be_undone(tenant_a, body, director, client_for):
    future = _meeting(body, days=12)
    client = client_for(director)
    page = client.get(url(tenant_a, f"meetings/{future.pk}/")).content.decode()
    cancel_form = re.search(r'<form[^>]*meetings/%d/cancel/[^>]*>' % future.pk, page).group(0)
    assert "return confirm(" in cancel_form
    assert client.post(url(tenant_a, f"meetings/{future.pk}/cancel/")).status_code == 302
    page = client.get(url(tenant_a, f"meetings/{future.pk}/")).content.decode()
    assert f"meetings/{future.pk}/uncancel/" in page
    assert client.post(url(tenant_a, f"meetings/{future.pk}/uncancel/")).status_code == 302
    future.refresh_from_db()
    assert future.status == MeetingStatus.PLANNED and future.sequence == 2


@pytest.mark.django_db
def test_undoing_the_cancellation_of_a_past_meeting_with_attendance_makes_it_held_again(tenant_a, body, director,
                                                                                        scope_of):
    member = BodyMemberFactory(body=body, municipality=body.municipality)
    past = _meeting(body, days=-3, status=MeetingStatus.CANCELLED)
    AttendanceFactory(meeting=past, member=member, municipality=body.municipality)
    with scope_of(tenant_a.municipality):
        services.meeting_uncancel(meeting=past, by=director)
        assert past.status == MeetingStatus.HELD
        with pytest.raises(ValidationError):
            services.meeting_uncancel(meeting=past, by=director)


@pytest.mark.django_db
def test_removing_a_member_asks_for_confirmation(tenant_a, body, director, client_for):
    member = BodyMemberFactory(body=body, municipality=body.municipality)
    page = client_for(director).get(url(tenant_a, f"bodies/{body.pk}/")).content.decode()
    form = re.search(r'<form[^>]*members/%d/remove/[^>]*>' % member.pk, page).group(0)
    assert "return confirm(" in form


# --- 12. ICS of a deleted meeting -----------------------------------------------------------------------
@pytest.mark.django_db
def test_ics_of_a_deleted_meeting_says_cancelled(tenant_a, body, director, client_for):
    meeting = _meeting(body, days=5, minutes="נשמר")
    client = client_for(director)
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/delete/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted_at is not None
    response = client_for(tenant_a.user(Role.VIEWER)).get(url(tenant_a, f"meetings/{meeting.pk}/meeting.ics"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "STATUS:CANCELLED" in text and f"UID:meeting-{tenant_a.municipality.pk}-{meeting.pk}@" in text


# --- 13. agenda and action items are a record ------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("record", ["agenda", "action_item"])
def test_a_meeting_with_an_agenda_or_action_items_is_only_soft_deleted(record, tenant_a, body, director, scope_of):
    meeting = _meeting(body, days=5, agenda="סדר יום מפורט" if record == "agenda" else "")
    if record == "action_item":
        ActionItemFactory(body=body, municipality=body.municipality, meeting=meeting)
    with scope_of(tenant_a.municipality):
        assert services.meeting_delete(meeting=meeting, by=director) is True
    meeting.refresh_from_db()
    assert meeting.deleted_at is not None
    if record == "action_item":
        assert ActionItem.all_municipalities.get(body=body).meeting_id == meeting.pk


# --- 6. realistic due dates in the model -------------------------------------------------------------------
@pytest.mark.django_db
def test_a_due_date_before_2000_is_refused_by_the_api_and_the_form(tenant_a, body, director, client_for):
    owner = factories.PersonFactory(municipality=tenant_a.municipality)
    response = api(director).post("/api/v1/steering/action-items/", {
        "municipality": tenant_a.municipality.slug, "body": body.pk, "title": "משימה", "owner": owner.pk,
        "due_date": "0001-01-01"}, format="json")
    assert response.status_code == 400 and "due_date" in response.json()["errors"]
    meeting = _meeting(body, days=-1)
    response = client_for(director).post(url(tenant_a, f"meetings/{meeting.pk}/actions/add/"), {
        "title": "משימה", "owner": owner.pk, "due_date": "1999-12-31"})
    assert response.status_code == 200 and 'id="id_due_date_errors"' in response.content.decode()
    assert not ActionItem.all_municipalities.exists()


# --- 5. the API applies the forms' rules ---------------------------------------------------------------------
@pytest.mark.django_db
def test_api_body_gets_its_kinds_defaults(tenant_a, director):
    response = api(director).post("/api/v1/steering/bodies/", {
        "municipality": tenant_a.municipality.slug, "initiative": tenant_a.initiative.pk,
        "kind": "steering_committee", "name": "מינהלת מה-API", "duration_minutes": 120}, format="json")
    assert response.status_code == 201, response.content
    body = Body.all_municipalities.get(name="מינהלת מה-API")
    assert (body.min_size, body.max_size, body.meetings_per_year, body.skip_months) == (30, 40, 11, [8])
    assert body.composition_target["residents"] == 30 and body.chair_title
    assert body.duration_minutes == 120  # what the client gave wins
    assert body.established_on == timezone.localdate()
    assert body.history.all_municipalities().first().history_user == director


@pytest.mark.django_db
def test_api_refuses_professional_teams_and_kind_changes(tenant_a, body, director):
    response = api(director).post("/api/v1/steering/bodies/", {
        "municipality": tenant_a.municipality.slug, "initiative": tenant_a.initiative.pk,
        "kind": "professional_team", "name": "צוות"}, format="json")
    assert response.status_code == 400 and "teams" in str(response.json()["errors"]["kind"])
    response = api(director).patch(f"/api/v1/steering/bodies/{body.pk}/", {"kind": "leading_team"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    body.refresh_from_db()
    assert body.kind == "steering_committee"
    response = api(director).patch(f"/api/v1/steering/bodies/{body.pk}/", {"name": "שם חדש"}, format="json")
    assert response.status_code == 200


@pytest.mark.django_db
def test_api_numbers_decisions_when_no_number_is_given(tenant_a, body, director):
    meeting = _meeting(body, days=-1)
    DecisionFactory(meeting=meeting, body=body, municipality=body.municipality, number=4)
    response = api(director).post("/api/v1/steering/decisions/", {
        "municipality": tenant_a.municipality.slug, "meeting": meeting.pk, "text": "לאמץ"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 5 and response.json()["body"] == body.pk
    response = api(director).post("/api/v1/steering/decisions/", {
        "municipality": tenant_a.municipality.slug, "meeting": meeting.pk, "text": "כפול", "number": 5},
        format="json")
    assert response.status_code == 400
    assert Decision.all_municipalities.filter(body=body).count() == 2


# --- 9. planning a year ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_plan_skips_months_that_already_have_a_meeting(tenant_a, body, director, client_for, scope_of):
    MeetingFactory(body=body, municipality=body.municipality,
                   starts_at=timezone.make_aware(dt.datetime(2027, 3, 2, 10)))  # another day of March
    MeetingFactory(body=body, municipality=body.municipality, status=MeetingStatus.CANCELLED,
                   starts_at=timezone.make_aware(dt.datetime(2027, 4, 6, 10)))  # cancelled: April is free
    with scope_of(tenant_a.municipality):
        created = services.meetings_plan_year(body=body, first_date=dt.date(2027, 1, 12), start_time=dt.time(17),
                                              by=director)
    assert len(created) == 10 and created.skipped == [dt.date(2027, 3, 9)]
    assert not any(timezone.localdate(m.starts_at).month == 8 for m in created)
    client = client_for(director)
    client.cookies["yishuv_language"] = "en"
    response = client.post(url(tenant_a, f"bodies/{body.pk}/plan-year/"), {
        "first_date": "2027-01-12", "start_time": "17:00"}, follow=True)
    page = response.content.decode()
    assert Meeting.all_municipalities.filter(body=body).count() == 12  # nothing doubled
    assert "0 meetings were planned" in page and "11 months were skipped" in page and "March 2027" in page


@pytest.mark.django_db
@pytest.mark.parametrize("first_date", ["2027-01-09", "past"])  # 9.1.2027 is a Saturday
def test_plan_on_shabbat_or_in_the_past_asks_first(first_date, tenant_a, body, director, client_for):
    if first_date == "past":
        first_date = (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    client = client_for(director)
    path = url(tenant_a, f"bodies/{body.pk}/plan-year/")
    response = client.post(path, {"first_date": first_date, "start_time": "17:00"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="checkbox" name="confirm"' in page and 'role="alert"' in page
    assert not Meeting.all_municipalities.filter(body=body).exists()
    assert client.post(path, {"first_date": first_date, "start_time": "17:00", "confirm": "on"}).status_code == 302
    assert Meeting.all_municipalities.filter(body=body).count() == 11


@pytest.mark.django_db
def test_plan_form_names_the_months_without_meetings(tenant_a, body, director, client_for):
    page = client_for(director).get(url(tenant_a, f"bodies/{body.pk}/")).content.decode()
    assert "אוגוסט" in page
    assert ": 8." not in page


# --- 2. a new body takes the defaults of the kind submitted ------------------------------------------------------
def _new_body_page(client, tenant, kind):
    page = client.get(url(tenant, f"bodies/new/?kind={kind}")).content.decode()
    return page


def _posted_values(page):
    """What the browser would post from the rendered form (inputs, checked boxes, selected options)."""
    data = {}
    form = page[page.index('id="body-form"'):]
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        value = value.group(1) if value else ""
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(value or "on")
            continue
        data[name.group(1)] = value
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected.group(1) if selected else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = text.strip()
    return data


@pytest.mark.django_db
def test_changing_the_kind_in_the_form_applies_that_kinds_defaults(tenant_a, director, client_for):
    """The form showed the steering committee's defaults; the user typed a name and changed Kind to
    leading team without JavaScript: the leading team's defaults apply to what was left untouched."""
    client = client_for(director)
    data = _posted_values(_new_body_page(client, tenant_a, "steering_committee"))
    assert data["meetings_per_year"] == "11" and data["defaults_kind"] == "steering_committee"
    data.update({"kind": "leading_team", "name": "הצוות המוביל של העיר", "reminder_days": "5"})
    response = client.post(url(tenant_a, "bodies/new/"), data, follow=True)
    assert response.status_code == 200
    body = Body.all_municipalities.get(name="הצוות המוביל של העיר")
    assert (body.kind, body.min_size, body.max_size, body.meetings_per_year, body.interval_months) == \
        ("leading_team", 5, 6, 6, 2)
    assert body.skip_months == [] and body.duration_minutes == 90
    assert body.composition_target == {"authority": 70, "initiative_staff": 15, "philanthropy": 15}
    assert body.reminder_days == 5  # changed by the user: kept


@pytest.mark.django_db
def test_a_changed_value_survives_the_kind_change(tenant_a, director, client_for):
    client = client_for(director)
    data = _posted_values(_new_body_page(client, tenant_a, "steering_committee"))
    data.update({"kind": "domain_committee", "name": "ועדת היגוי לגיל הרך", "meetings_per_year": "9"})
    client.post(url(tenant_a, "bodies/new/"), data)
    body = Body.all_municipalities.get(name="ועדת היגוי לגיל הרך")
    assert body.meetings_per_year == 9 and (body.min_size, body.max_size) == (10, 15)


@pytest.mark.django_db
def test_htmx_kind_change_rerenders_the_form_with_the_new_defaults(tenant_a, director, client_for):
    client = client_for(director)
    data = _posted_values(_new_body_page(client, tenant_a, "steering_committee"))
    data.update({"kind": "design_forum", "name": "הפורום שלנו", "purpose": "לעצב יחד"})
    response = client.get(url(tenant_a, "bodies/new/"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="body-form"' in page
    rerendered = _posted_values(page)
    assert rerendered["name"] == "הפורום שלנו" and rerendered["purpose"] == "לעצב יחד"
    assert (rerendered["min_size"], rerendered["max_size"], rerendered["meetings_per_year"]) == ("50", "60", "4")
    assert rerendered["defaults_kind"] == "design_forum" and rerendered["kind"] == "design_forum"
    # the default name of the old kind is replaced by the new kind's
    data = _posted_values(_new_body_page(client, tenant_a, "steering_committee"))
    data["kind"] = "leading_team"
    page = client.get(url(tenant_a, "bodies/new/"), data, HTTP_HX_REQUEST="true").content.decode()
    assert _posted_values(page)["name"] != data["name"]


@pytest.mark.django_db
def test_choosing_professional_team_carries_the_name_and_purpose(tenant_a, director, client_for):
    client = client_for(director)
    data = _posted_values(_new_body_page(client, tenant_a, "steering_committee"))
    data.update({"kind": "professional_team", "name": "צוות הגיל הרך", "purpose": "תכנית משותפת"})
    response = client.post(url(tenant_a, "bodies/new/"), data)
    assert response.status_code == 302
    assert "/teams/new/?" in response["Location"] and "name=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert 'value="צוות הגיל הרך"' in page and "תכנית משותפת" in page
    response = client.get(url(tenant_a, "bodies/new/"), data, HTTP_HX_REQUEST="true")
    assert "/teams/new/?" in response["HX-Redirect"]


@pytest.mark.django_db
def test_the_success_message_says_how_the_body_differs_from_the_defaults(tenant_a, director, client_for):
    client = client_for(director)
    client.cookies["yishuv_language"] = "en"
    data = _posted_values(_new_body_page(client, tenant_a, "leading_team"))
    data.update({"name": "צוות מוביל מותאם", "meetings_per_year": "8"})
    page = client.post(url(tenant_a, "bodies/new/"), data, follow=True).content.decode()
    assert "1 setting differs from them" in page
    data.update({"name": "צוות מוביל כמו במדריך", "meetings_per_year": "6"})
    page = client.post(url(tenant_a, "bodies/new/"), data, follow=True).content.decode()
    assert "created with the guide&#x27;s defaults (Leading team)" in page


# --- 15. the target-sum error appears once --------------------------------------------------------------------------
@pytest.mark.django_db
def test_target_sum_error_is_shown_once_next_to_the_targets(tenant_a, director, client_for):
    client = client_for(director)
    data = _posted_values(_new_body_page(client, tenant_a, "leading_team"))
    data.update({"name": "צוות", "target_authority": "20"})
    page = client.post(url(tenant_a, "bodies/new/"), data).content.decode()
    assert page.count("100%") == 1  # once, inside the target fieldset
    assert page.index('id="id_target_total_errors"') > page.index("<legend>", page.index('id="id_is_active"'))
