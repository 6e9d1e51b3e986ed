"""Pages, API and rules agree on who may do what; the 403 page speaks to the role; planning avoids
Shabbat and the holidays; the validation gaps of stage 4."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core import tenancy, workdays
from core.roles import Role
from municipalities.models import Person
from steering import services
from steering.models import ActionItem, BodyMember, Meeting
from tests import factories
from tests.steering.factories import ActionItemFactory, BodyFactory, BodyMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(tenant_a):
    return tenant_a.user(Role.LOCAL_DIRECTOR)


def url(tenant, path=""):
    return f"/m/{tenant.municipality.slug}/steering/{path}"


def _en(client):
    client.cookies["yishuv_language"] = "en"
    return client


def _person(tenant, role):
    return Person.all_municipalities.get(municipality=tenant.municipality, user=tenant.user(role))


# --- an owner marks their own action item done: page, API and rules agree ---------------------------
@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMITTEE_MEMBER])
def test_the_owner_of_an_action_item_may_update_it_in_page_and_api(tenant_a, client_for, role):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    mine = ActionItemFactory(body=body, municipality=m, owner=_person(tenant_a, role),
                             due_date=timezone.localdate())
    theirs = ActionItemFactory(body=body, municipality=m, due_date=timezone.localdate())
    user = tenant_a.user(role)
    assert user.has_perm("steering.update_action", mine) and not user.has_perm("steering.update_action", theirs)
    client = client_for(user)
    page = client.get(url(tenant_a, "actions/mine/")).content.decode()
    assert f'action="/m/{m.slug}/steering/actions/{mine.pk}/status/"' in page
    body_page = client.get(url(tenant_a, f"bodies/{body.pk}/")).content.decode()
    assert f"actions/{mine.pk}/status/" in body_page and f"actions/{theirs.pk}/status/" not in body_page
    assert client.post(url(tenant_a, f"actions/{mine.pk}/status/"), {"status": "done"}).status_code == 302
    assert ActionItem.all_municipalities.get(pk=mine.pk).status == "done"
    assert client.post(url(tenant_a, f"actions/{theirs.pk}/status/"), {"status": "done"}).status_code == 403
    # the API: the owner may change the status only
    api = f"/api/v1/steering/action-items/{mine.pk}/"
    assert client.patch(api, {"status": "in_progress"}, content_type="application/json").status_code == 200
    assert client.patch(api, {"title": "renamed"}, content_type="application/json").status_code == 403
    assert client.patch(f"/api/v1/steering/action-items/{theirs.pk}/", {"status": "done"},
                        content_type="application/json").status_code == 403


# --- the chairs approve; the local director administers -----------------------------------------------
@pytest.mark.parametrize("role,allowed", [(Role.LOCAL_DIRECTOR, True), (Role.MUNICIPAL_CEO, False),
                                          (Role.HEAD_OF_AUTHORITY, False)])
def test_only_the_local_director_deletes_meetings_and_removes_members(tenant_a, client_for, role, allowed):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    member = BodyMemberFactory(body=body, municipality=m)
    meeting = MeetingFactory(body=body, municipality=m)
    user = tenant_a.user(role)
    assert user.has_perm("steering.administer", m) is allowed
    assert user.has_perm("steering.manage", m)  # the chairs still run their meetings
    client = client_for(user)
    body_page = client.get(url(tenant_a, f"bodies/{body.pk}/")).content.decode()
    meeting_page = client.get(url(tenant_a, f"meetings/{meeting.pk}/")).content.decode()
    assert ("members/" + str(member.pk) + "/remove/" in body_page) is allowed
    assert (f"meetings/{meeting.pk}/delete/" in meeting_page) is allowed
    assert f"meetings/{meeting.pk}/edit/" in meeting_page
    expected = 302 if allowed else 403
    assert client.post(url(tenant_a, f"bodies/{body.pk}/members/{member.pk}/remove/")).status_code == expected
    assert client.post(url(tenant_a, f"meetings/{meeting.pk}/delete/")).status_code == expected
    if not allowed:
        assert BodyMember.all_municipalities.get(pk=member.pk).is_active
        assert Meeting.all_municipalities.filter(pk=meeting.pk).exists()
        other = MeetingFactory(body=body, municipality=m)
        assert client.delete(f"/api/v1/steering/meetings/{other.pk}/").status_code == 403
        assert client.patch(f"/api/v1/steering/members/{member.pk}/", {"is_active": False},
                            content_type="application/json").status_code == 403
        assert client.patch(f"/api/v1/steering/meetings/{other.pk}/", {"location": "Hall B"},
                            content_type="application/json").status_code == 200


# --- the 403 page speaks to the role --------------------------------------------------------------------
def test_the_403_page_speaks_to_the_role(tenant_a, client_for):
    m = tenant_a.municipality
    director = _person(tenant_a, Role.LOCAL_DIRECTOR)
    tenant_a.initiative.local_director = director
    with tenancy.scope(tenant_a.municipality):
        tenant_a.initiative.save()
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    meeting = MeetingFactory(body=body, municipality=m)
    response = _en(client_for(tenant_a.user(Role.MUNICIPAL_CEO))).post(url(tenant_a, f"meetings/{meeting.pk}/delete/"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Municipal CEO" in page and f"ask the local director, {director.full_name}" in page
    # a local director is not sent to themself
    page = _en(client_for(tenant_a.user(Role.LOCAL_DIRECTOR))).get(f"/m/{m.slug}/approvals/").content.decode()
    assert "Foundation HQ admins can grant it" in page and "ask the local director" not in page
    page = _en(client_for(tenant_a.user(Role.VIEWER))).get(url(tenant_a, "bodies/new/")).content.decode()
    assert "Viewer" in page and "ask the local director" in page


# --- planning a year avoids or flags Shabbat and the holidays ---------------------------------------------
def test_the_calendar_knows_shabbat_and_the_holidays():
    with translation.override("en"):
        assert workdays.day_conflict(dt.date(2026, 9, 19)) == "Shabbat"
        assert "Yom Kippur" in workdays.day_conflict(dt.date(2026, 9, 21))
        assert "Rosh Hashanah" in workdays.day_conflict(dt.date(2026, 9, 13))
        assert workdays.day_conflict(dt.date(2026, 9, 28))  # Chol HaMoed Sukkot
        assert workdays.day_conflict(dt.date(2027, 4, 25))  # Chol HaMoed Pesach
        assert "Shavuot" in workdays.day_conflict(dt.date(2026, 5, 22))
        assert "Independence Day" in workdays.day_conflict(dt.date(2026, 4, 22))
        assert "eve" in workdays.day_conflict(dt.date(2026, 9, 20))  # the eve of Yom Kippur
        assert workdays.day_conflict(dt.date(2026, 9, 18)).startswith("Friday")
        assert workdays.day_conflict(dt.date(2026, 9, 16)) is None  # an ordinary Wednesday
    assert workdays.next_suitable_day(dt.date(2026, 9, 21)) == dt.date(2026, 9, 22)


def test_planning_flags_holidays_and_can_move_the_dates_off_them(tenant_a, director, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m, skip_months=[])
    first = dt.date(2027, 10, 11)  # Monday: Yom Kippur 2027
    with scope_of(m), translation.override("en"):
        warnings = services.plan_warnings(body=body, first_date=first, today=dt.date(2027, 1, 1))
        assert any("11/10/2027" in w and "Yom Kippur" in w for w in warnings)
        assert not any("11/10/2027" in w for w in services.plan_warnings(
            body=body, first_date=first, today=dt.date(2027, 1, 1), avoid_holidays=True))
        created = services.meetings_plan_year(body=body, first_date=first, start_time=dt.time(17), by=director,
                                              avoid_holidays=True)
    days = [timezone.localdate(meeting.starts_at) for meeting in created]
    assert days and all(workdays.day_conflict(d) is None for d in days)


# --- validation gaps ----------------------------------------------------------------------------------------
def test_an_action_cannot_be_due_before_its_meeting(tenant_a, director, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    meeting = MeetingFactory(body=body, municipality=m, starts_at=timezone.now() + dt.timedelta(days=10))
    owner = factories.PersonFactory(municipality=m)
    with scope_of(m), translation.override("en"), pytest.raises(ValidationError) as exc:
        services.action_add(body=body, meeting=meeting, title="t", owner=owner, by=director,
                            due_date=timezone.localdate())
    assert "due before the meeting" in exc.value.message_dict["due_date"][0]


def test_a_meeting_cannot_be_before_its_body_was_established(tenant_a, director, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m, established_on=dt.date(2026, 6, 1))
    meeting = Meeting(municipality=m, body=body, starts_at=timezone.make_aware(dt.datetime(2026, 5, 20, 17)))
    with scope_of(m), translation.override("en"), pytest.raises(ValidationError) as exc:
        services.meeting_save(meeting=meeting, by=director)
    assert "established on 01/06/2026" in exc.value.message_dict["starts_at"][0]


def test_a_meeting_of_0_minutes_gets_a_clear_error(tenant_a, client_for):
    body = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    client = _en(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)))
    response = client.post(url(tenant_a, f"bodies/{body.pk}/meetings/new/"), {
        "starts_at": "2027-01-12T17:00", "duration_minutes": "0", "status": "planned", "title": "kept title"})
    page = response.content.decode()
    assert "A meeting lasts at least 15 minutes." in page and "kept title" in page and 'min="15"' in page
    response = client.post("/api/v1/steering/meetings/", {
        "municipality": tenant_a.municipality.slug, "body": body.pk, "starts_at": "2027-01-12T17:00:00+02:00",
        "duration_minutes": 0}, content_type="application/json")
    assert response.status_code == 400 and "duration_minutes" in response.json()["errors"]
