import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.roles import Role
from steering.models import Meeting
from tests.steering.factories import ActionItemFactory, BodyFactory, DecisionFactory, MeetingFactory


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def _at(date):
    return timezone.make_aware(dt.datetime.combine(date, dt.time(17)))


@pytest.mark.django_db
def test_meetings_filter_by_body_date_range_and_status(tenant_a, tenant_b, api):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    other = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    jan = MeetingFactory(body=body, municipality=m, starts_at=_at(dt.date(2027, 1, 12)), status="held")
    MeetingFactory(body=body, municipality=m, starts_at=_at(dt.date(2027, 3, 9)))
    MeetingFactory(body=other, municipality=m, starts_at=_at(dt.date(2027, 1, 20)))
    MeetingFactory(body=body, municipality=m, starts_at=_at(dt.date(2027, 1, 13)), deleted_at=timezone.now())
    MeetingFactory(body=BodyFactory(initiative=tenant_b.initiative, municipality=tenant_b.municipality),
                   municipality=tenant_b.municipality, starts_at=_at(dt.date(2027, 1, 12)))
    client = api(tenant_a.user(Role.VIEWER))
    data = client.get("/api/v1/steering/meetings/", {"body": body.pk, "starts_after": "2027-01-01",
                                                     "starts_before": "2027-01-31"}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["id"] for r in rows] == [jan.pk]
    rows = client.get("/api/v1/steering/meetings/", {"status": "planned", "municipality": m.slug}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert len(rows) == 2 and all(r["municipality"] == m.slug for r in rows)
    deleted = client.get("/api/v1/steering/meetings/", {"deleted": "true"}).json()
    deleted = deleted["results"] if isinstance(deleted, dict) else deleted
    assert len(deleted) == 1


@pytest.mark.django_db
def test_action_items_overdue_filter(tenant_a, api):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    late = ActionItemFactory(body=body, municipality=m, due_date=timezone.localdate() - dt.timedelta(days=2))
    ActionItemFactory(body=body, municipality=m, due_date=timezone.localdate() + dt.timedelta(days=2))
    rows = api(tenant_a.user(Role.VIEWER)).get("/api/v1/steering/action-items/", {"overdue": "true"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["id"] for r in rows] == [late.pk] and rows[0]["is_overdue"] is True


@pytest.mark.django_db
def test_director_creates_a_body_and_viewer_cannot(tenant_a, api):
    m = tenant_a.municipality
    payload = {"municipality": m.slug, "initiative": tenant_a.initiative.pk, "kind": "leading_team",
               "name": "צוות מוביל", "meetings_per_year": 6, "interval_months": 2, "skip_months": [],
               "composition_target": {"authority": 100}, "established_on": "2026-01-01"}
    assert api(tenant_a.user(Role.VIEWER)).post("/api/v1/steering/bodies/", payload, format="json").status_code == 403
    response = api(tenant_a.user(Role.LOCAL_DIRECTOR)).post("/api/v1/steering/bodies/", payload, format="json")
    assert response.status_code == 201, response.content
    bad = {**payload, "name": "אחר", "composition_target": {"authority": 40}}
    response = api(tenant_a.user(Role.LOCAL_DIRECTOR)).post("/api/v1/steering/bodies/", bad, format="json")
    assert response.status_code == 400 and "composition_target" in response.json()["errors"]


@pytest.mark.django_db
def test_deleting_a_recorded_meeting_through_the_api_is_soft(tenant_a, api):
    m = tenant_a.municipality
    meeting = MeetingFactory(body=BodyFactory(initiative=tenant_a.initiative, municipality=m), municipality=m)
    DecisionFactory(meeting=meeting, body=meeting.body, municipality=m)
    response = api(tenant_a.user(Role.LOCAL_DIRECTOR)).delete(f"/api/v1/steering/meetings/{meeting.pk}/")
    assert response.status_code == 204
    assert Meeting.all_municipalities.get(pk=meeting.pk).deleted_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["bodies", "members", "meetings", "attendance", "decisions", "action-items"])
def test_every_resource_lists(path, tenant_a, api):
    assert api(tenant_a.user(Role.VIEWER)).get(f"/api/v1/steering/{path}/").status_code == 200
