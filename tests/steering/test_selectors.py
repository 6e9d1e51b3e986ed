"""Compliance numbers, attendance rates, overdue actions; bounded queries however many meetings."""
import datetime as dt

import pytest
from django.utils import timezone

from steering import selectors
from tests import factories
from tests.steering.factories import (
    ActionItemFactory,
    AttendanceFactory,
    BodyFactory,
    BodyMemberFactory,
    MeetingFactory,
)

TODAY = dt.date(2026, 11, 25)


def _at(date):
    return timezone.make_aware(dt.datetime.combine(date, dt.time(17)), timezone.get_default_timezone())


def _held(body, date, **kw):
    return MeetingFactory(body=body, municipality=body.municipality, starts_at=_at(date), status="held", **kw)


@pytest.mark.django_db
def test_compliance_counts_held_meetings_of_the_last_12_months(tenant_a, scope_of):
    m = tenant_a.municipality
    committee = BodyFactory(initiative=tenant_a.initiative, municipality=m, meetings_per_year=11,
                            established_on=dt.date(2020, 1, 1))
    leading = BodyFactory(initiative=tenant_a.initiative, municipality=m, kind="leading_team", meetings_per_year=6,
                          interval_months=2, skip_months=[], established_on=dt.date(2020, 1, 1))
    for month in range(1, 11):  # 10 held meetings in 2026 up to October
        _held(committee, dt.date(2026, month, 10))
    _held(committee, dt.date(2025, 6, 10))  # older than 12 months: not counted
    MeetingFactory(body=committee, municipality=m, starts_at=_at(dt.date(2026, 11, 10)), status="cancelled")
    _held(committee, dt.date(2026, 11, 1), deleted_at=timezone.now())  # soft-deleted: not counted
    MeetingFactory(body=committee, municipality=m, starts_at=_at(dt.date(2026, 12, 8)))  # planned ahead
    for month in (1, 3, 5, 7, 9, 11):
        _held(leading, dt.date(2026, month, 3))
    with scope_of(m):
        rows = {r.body.pk: r for r in selectors.compliance(municipality=m, today=TODAY)}
    assert (rows[committee.pk].held, rows[committee.pk].required) == (10, 11)
    assert not rows[committee.pk].compliant and rows[committee.pk].ratio == pytest.approx(90.9)
    assert rows[committee.pk].planned_ahead == 1
    assert (rows[leading.pk].held, rows[leading.pk].required) == (6, 6) and rows[leading.pk].compliant


@pytest.mark.django_db
def test_compliance_prorates_a_body_established_this_year(tenant_a, scope_of):
    m = tenant_a.municipality
    BodyFactory(initiative=tenant_a.initiative, municipality=m, meetings_per_year=11,
                established_on=TODAY - dt.timedelta(days=92))  # about three months
    with scope_of(m):
        (row,) = selectors.compliance(municipality=m, today=TODAY)
    assert row.required == 3 and row.held == 0


@pytest.mark.django_db
def test_attendance_rates_per_member_and_per_body(tenant_a, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m, established_on=dt.date(2020, 1, 1))
    dana = BodyMemberFactory(body=body, municipality=m, person=factories.PersonFactory(municipality=m, full_name="א דנה"))
    yossi = BodyMemberFactory(body=body, municipality=m, person=factories.PersonFactory(municipality=m, full_name="ב יוסי"))
    meetings = [_held(body, dt.date(2026, month, 10)) for month in (6, 7, 9, 10)]
    for meeting, (d, y) in zip(meetings, [("present", "present"), ("present", "absent"), ("present", "excused"),
                                          ("absent", "present")]):
        AttendanceFactory(meeting=meeting, municipality=m, member=dana, status=d)
        AttendanceFactory(meeting=meeting, municipality=m, member=yossi, status=y)
    with scope_of(m):
        rates = {r["name"]: r for r in selectors.attendance_rates(body=body, today=TODAY)}
        (row,) = selectors.compliance(municipality=m, today=TODAY)
    assert rates["א דנה"]["rate"] == 75.0 and rates["א דנה"]["absent"] == 1
    assert rates["ב יוסי"]["rate"] == 50.0 and rates["ב יוסי"]["excused"] == 1
    assert row.attendance_rate == 62.5  # 5 present of 8 recorded


@pytest.mark.django_db
def test_overdue_and_my_actions(tenant_a, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    from municipalities.models import Person

    me = Person.all_municipalities.get(municipality=m, user=tenant_a.user("committee_member"))
    late = ActionItemFactory(body=body, municipality=m, owner=me, due_date=TODAY - dt.timedelta(days=1))
    ActionItemFactory(body=body, municipality=m, owner=me, due_date=TODAY - dt.timedelta(days=5), status="done")
    mine_future = ActionItemFactory(body=body, municipality=m, owner=me, due_date=TODAY + dt.timedelta(days=5))
    other = ActionItemFactory(body=body, municipality=m, due_date=TODAY - dt.timedelta(days=9), status="in_progress")
    with scope_of(m):
        assert [a.pk for a in selectors.overdue_actions(municipality=m, today=TODAY)] == [other.pk, late.pk]
        assert {a.pk for a in selectors.my_actions(user=tenant_a.user("committee_member"), municipality=m)} == {
            late.pk, mine_future.pk}


def _grow(tenant, bodies, meetings_each):
    m = tenant.municipality
    for b in range(bodies):
        body = BodyFactory(initiative=tenant.initiative, municipality=m)
        member = BodyMemberFactory(body=body, municipality=m)
        for i in range(meetings_each):
            meeting = _held(body, TODAY - dt.timedelta(days=20 * i + 1))
            AttendanceFactory(meeting=meeting, municipality=m, member=member)
            ActionItemFactory(body=body, municipality=m, meeting=meeting, due_date=TODAY - dt.timedelta(days=i + 1))


@pytest.mark.django_db
def test_compliance_and_overdue_pages_use_bounded_queries(tenant_a, client_for, django_assert_max_num_queries):
    client = client_for(tenant_a.user("local_director"))
    slug = tenant_a.municipality.slug
    _grow(tenant_a, bodies=1, meetings_each=2)
    counts = {}
    for name in ("compliance", "actions/overdue"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            assert client.get(f"/m/{slug}/steering/{name}/").status_code == 200
        counts[name] = len(small)
    _grow(tenant_a, bodies=4, meetings_each=15)
    for name, small in counts.items():
        with django_assert_max_num_queries(small):
            response = client.get(f"/m/{slug}/steering/{name}/")
        assert response.status_code == 200
        assert small <= 12, f"{name} runs {small} queries"


@pytest.mark.django_db
def test_compliance_selector_runs_two_queries(tenant_a, scope_of, django_assert_num_queries):
    _grow(tenant_a, bodies=3, meetings_each=10)
    with scope_of(tenant_a.municipality), django_assert_num_queries(2):
        rows = selectors.compliance(municipality=tenant_a.municipality, today=TODAY)
    assert len(rows) == 3
