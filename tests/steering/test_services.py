import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.reference import Sector
from steering import selectors, services
from steering.defaults import BODY_DEFAULTS, BodyKind
from steering.models import ActionStatus, Body, Decision, Meeting, MeetingStatus
from tests import factories
from tests.steering.factories import BodyFactory, MeetingFactory


@pytest.fixture
def director(tenant_a):
    return tenant_a.user("local_director")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(BodyKind))
def test_a_body_starts_with_its_kinds_defaults(kind, tenant_a, director, scope_of):
    d = BODY_DEFAULTS[kind]
    with scope_of(tenant_a.municipality):
        body = services.body_create(initiative=tenant_a.initiative, kind=kind, name=f"body {kind}", by=director)
    assert (body.min_size, body.max_size) == (d.min_size, d.max_size)
    assert body.meetings_per_year == d.meetings_per_year
    assert body.interval_months == d.interval_months
    assert body.skip_months == list(d.skip_months)
    assert body.duration_minutes == d.duration_minutes
    assert body.history.all_municipalities().first().history_user == director


@pytest.mark.django_db
def test_defaults_match_the_guide(tenant_a, director, scope_of):
    with scope_of(tenant_a.municipality):
        committee = services.body_create(initiative=tenant_a.initiative, kind=BodyKind.STEERING_COMMITTEE,
                                         name="מינהלת", by=director)
        leading = services.body_create(initiative=tenant_a.initiative, kind=BodyKind.LEADING_TEAM, name="צוות מוביל",
                                       by=director, meetings_per_year=8)  # the user may change a default
    assert (committee.min_size, committee.max_size, committee.meetings_per_year) == (30, 40, 11)
    assert committee.skip_months == [8] and committee.duration_minutes == 150
    assert committee.composition_target == {"authority": 30, "residents": 30, "third_sector": 20, "government": 10,
                                            "business": 10}
    assert (leading.min_size, leading.max_size, leading.interval_months) == (5, 6, 2)
    assert leading.meetings_per_year == 8


@pytest.mark.django_db
def test_target_composition_must_add_up_to_100(tenant_a, director, scope_of):
    with scope_of(tenant_a.municipality), pytest.raises(ValidationError) as exc:
        services.body_create(initiative=tenant_a.initiative, kind=BodyKind.STEERING_COMMITTEE, name="x", by=director,
                             composition_target={"authority": 50, "residents": 30})
    assert "composition_target" in exc.value.message_dict


@pytest.mark.django_db
def test_members_and_composition_against_target(tenant_a, director, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m, min_size=5, max_size=6)
    people = [factories.PersonFactory(municipality=m, sector=s) for s in
              (Sector.AUTHORITY, Sector.AUTHORITY, Sector.AUTHORITY, Sector.RESIDENTS)]
    with scope_of(m):
        for p in people:
            services.member_add(body=body, person=p, by=director)
        with pytest.raises(ValidationError):
            services.member_add(body=body, person=people[0], by=director)
        # a member may represent another sector in this body than their own
        services.member_add(body=body, person=factories.PersonFactory(municipality=m, sector=Sector.AUTHORITY),
                            sector=Sector.BUSINESS, by=director)
        comp = selectors.body_composition(body=body)
    assert comp.size == 5 and comp.size_warning == ""
    rows = {r.sector: r for r in comp.rows}
    assert rows["authority"].count == 3 and rows["authority"].percent == 60.0 and rows["authority"].target == 30
    assert rows["business"].count == 1
    off = {r.sector for r in comp.off_target}
    assert off == {"authority", "third_sector"}  # 60% vs 30%, 0% vs 20%


@pytest.mark.django_db
def test_size_warning(tenant_a, scope_of):
    body = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    with scope_of(tenant_a.municipality):
        assert selectors.body_composition(body=body).size_warning == "below"


@pytest.mark.django_db
def test_decisions_are_numbered_per_body(tenant_a, director, scope_of):
    body = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    first = MeetingFactory(body=body, municipality=body.municipality)
    second = MeetingFactory(body=body, municipality=body.municipality)
    with scope_of(tenant_a.municipality):
        numbers = [services.decision_add(meeting=mt, text="t", by=director).number for mt in (first, first, second)]
    assert numbers == [1, 2, 3]


@pytest.mark.django_db
def test_action_item_links_to_its_decision_and_must_stay_in_the_body(tenant_a, director, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    other = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    meeting = MeetingFactory(body=body, municipality=m)
    owner = factories.PersonFactory(municipality=m)
    with scope_of(m):
        decision = services.decision_add(meeting=meeting, text="t", by=director)
        item = services.action_add(body=body, meeting=meeting, decision=decision, title="do", owner=owner,
                                   due_date=meeting.local_date, by=director)
        assert item.decision == decision
        with pytest.raises(ValidationError):
            services.action_add(body=other, decision=decision, title="x", owner=owner,
                                due_date=timezone.localdate(), by=director)
        services.action_set_status(item=item, status=ActionStatus.DONE, by=director)
        assert item.completed_at is not None


@pytest.mark.django_db
def test_deleting_a_meeting_with_records_is_soft_and_restorable(tenant_a, director, scope_of):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    empty = MeetingFactory(body=body, municipality=m)
    recorded = MeetingFactory(body=body, municipality=m)
    with scope_of(m):
        services.decision_add(meeting=recorded, text="keep me", by=director)
        assert services.meeting_delete(meeting=empty, by=director) is False
        assert not Meeting.objects.filter(pk=empty.pk).exists()
        assert services.meeting_delete(meeting=recorded, by=director) is True
        recorded.refresh_from_db()
        assert recorded.deleted_at and recorded.deleted_by == director
        assert Decision.objects.filter(meeting=recorded).count() == 1  # nothing recorded is lost
        assert list(selectors.meeting_list(body=body)) == []
        services.meeting_restore(meeting=recorded, by=director)
        assert [x.pk for x in selectors.meeting_list(body=body)] == [recorded.pk]


@pytest.mark.django_db
def test_attendance_marks_the_meeting_held_and_refuses_strangers(tenant_a, director, scope_of):
    from tests.steering.factories import BodyMemberFactory

    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    member = BodyMemberFactory(body=body, municipality=m)
    stranger = BodyMemberFactory(municipality=m, body=BodyFactory(initiative=tenant_a.initiative, municipality=m))
    meeting = MeetingFactory(body=body, municipality=m, starts_at=timezone.now() - dt.timedelta(hours=2))
    with scope_of(m):
        services.attendance_record(meeting=meeting, statuses={str(member.pk): "present"}, by=director)
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD
        with pytest.raises(ValidationError):
            services.attendance_record(meeting=meeting, statuses={str(stranger.pk): "present"}, by=director)


@pytest.mark.django_db
def test_child_rows_must_match_the_parents_municipality(tenant_a, tenant_b, scope_of):
    from steering.models import BodyMember

    body = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    person_b = factories.PersonFactory(municipality=tenant_b.municipality)
    with pytest.raises(ValidationError):
        BodyMember(municipality=tenant_a.municipality, body=body, person=person_b, sector="authority").full_clean()
    with pytest.raises(ValidationError):
        Meeting(municipality=tenant_b.municipality, body=body, starts_at=timezone.now()).full_clean()


@pytest.mark.django_db
def test_body_name_is_unique_per_municipality(tenant_a, tenant_b, scope_of):
    BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality, name="מינהלת")
    BodyFactory(initiative=tenant_b.initiative, municipality=tenant_b.municipality, name="מינהלת")
    with scope_of(tenant_a.municipality), pytest.raises(ValidationError):
        services.body_create(initiative=tenant_a.initiative, kind="leading_team", name="מינהלת",
                             by=tenant_a.user("local_director"))
    assert Body.all_municipalities.filter(name="מינהלת").count() == 2
