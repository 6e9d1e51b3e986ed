"""The initiative home: what needs each role today, and stage tiles whose state comes from data."""
import datetime as dt

import pytest
from django.utils import timezone

from core import tenancy
from core.roles import Role
from municipalities import selectors
from municipalities.models import Person
from steering.defaults import BodyKind
from tests import factories
from tests.steering.factories import ActionItemFactory, BodyFactory, BodyMemberFactory, MeetingFactory

TODAY = timezone.localdate()


def _home(client, tenant):
    client.cookies["yishuv_language"] = "en"
    response = client.get(f"/m/{tenant.municipality.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _person(tenant, role):
    return Person.all_municipalities.get(municipality=tenant.municipality, user=tenant.user(role))


def _governance(tenant, *, held=True):
    """A leading team and a steering committee, each with a held (past) meeting if `held`."""
    m = tenant.municipality
    bodies = []
    for kind in (BodyKind.LEADING_TEAM, BodyKind.STEERING_COMMITTEE):
        body = BodyFactory(initiative=tenant.initiative, municipality=m, kind=kind)
        if held:
            MeetingFactory(body=body, municipality=m, status="held",
                           starts_at=timezone.now() - dt.timedelta(days=20))
        bodies.append(body)
    return bodies


@pytest.mark.django_db
def test_no_stage_is_done_without_data_behind_it(tenant_a, client_for):
    tenant_a.initiative.stage = 9  # the initiative says stage 9; no stage holds any record
    with tenancy.scope(tenant_a.municipality):
        tenant_a.initiative.save()
    page = _home(client_for(tenant_a.user(Role.VIEWER)), tenant_a)
    assert page.count('class="roadmap"') == 1
    # only selection is done: the municipality has an initiative, so it was chosen
    assert page.count('data-state="done"') == 1 and page.count('<li class="done"') == 1
    assert page.count('data-state="not_built"') == 5  # stages 5, 6, 8, 9 and 10 have no screens yet
    assert 'class="current" data-state="not_built"' in page  # stage 9: current, and honestly not built
    assert "not started" in page


@pytest.mark.django_db
def test_a_stage_is_done_when_its_records_say_so(tenant_a, client_for):
    _governance(tenant_a)
    page = _home(client_for(tenant_a.user(Role.VIEWER)), tenant_a)
    assert page.count('data-state="done"') == 2  # selection (a partner since its start) and governance
    assert "2 bodies, 2 meetings held" in page


@pytest.mark.django_db
def test_governance_with_bodies_but_no_meeting_is_in_progress(tenant_a, client_for):
    _governance(tenant_a, held=False)
    page = _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)
    assert page.count('data-state="in_progress"') == 1


@pytest.mark.django_db
def test_each_role_sees_the_work_it_may_act_on(tenant_a, client_for):
    m = tenant_a.municipality
    committee, other = _governance(tenant_a, held=False)
    MeetingFactory(body=committee, municipality=m, title="Committee meeting",
                   starts_at=timezone.now() + dt.timedelta(days=3))
    MeetingFactory(body=other, municipality=m, title="Other body meeting",
                   starts_at=timezone.now() + dt.timedelta(days=4))
    viewer = _person(tenant_a, Role.VIEWER)
    BodyMemberFactory(body=committee, municipality=m, person=viewer)
    ActionItemFactory(body=committee, municipality=m, owner=viewer, title="Viewer task overdue",
                      due_date=TODAY - dt.timedelta(days=2))
    ActionItemFactory(body=committee, municipality=m, title="Someone else's overdue task",
                      due_date=TODAY - dt.timedelta(days=5))

    director = _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)
    assert "Committee meeting" in director and "Other body meeting" in director
    assert "Someone else&#x27;s overdue task" in director and "Viewer task overdue" in director
    assert "All overdue action items" in director

    page = _home(client_for(tenant_a.user(Role.VIEWER)), tenant_a)
    assert "Next meetings of my bodies" in page
    assert "Committee meeting" in page and "Other body meeting" not in page
    assert "My overdue action items" in page and "Someone else" not in page
    assert page.count("Viewer task overdue") == 2  # overdue, and among my action items
    assert "All overdue action items" not in page
    assert "Update my action items" in page


@pytest.mark.django_db
def test_awaiting_my_approval_shows_for_approvers_and_for_anyone_with_something_waiting(tenant_a, client_for):
    assert 'id="awaiting-heading"' in _home(client_for(tenant_a.user(Role.MUNICIPAL_CEO)), tenant_a)
    assert 'id="awaiting-heading"' in _home(client_for(tenant_a.user(Role.HEAD_OF_AUTHORITY)), tenant_a)
    assert 'id="awaiting-heading"' not in _home(client_for(tenant_a.user(Role.VIEWER)), tenant_a)


@pytest.mark.django_db
def test_a_passed_exit_date_is_flagged(tenant_a, client_for):
    tenant_a.initiative.start_date = TODAY - dt.timedelta(days=2000)
    tenant_a.initiative.planned_exit_date = TODAY - dt.timedelta(days=1)
    with tenancy.scope(tenant_a.municipality):
        tenant_a.initiative.save()
    page = _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)
    assert "The planned exit date has passed." in page and "Edit the initiative" in page
    tenant_a.initiative.planned_exit_date = TODAY + dt.timedelta(days=30)
    with tenancy.scope(tenant_a.municipality):
        tenant_a.initiative.save()
    assert "The planned exit date has passed." not in _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)


@pytest.mark.django_db
def test_the_next_roadmap_step_is_the_first_stage_from_the_current_one_not_done(tenant_a, client_for):
    tenant_a.initiative.stage = 4
    with tenancy.scope(tenant_a.municipality):
        tenant_a.initiative.save()
    page = _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)
    assert 'id="next-step-heading"' in page and "4. <a" in page
    _governance(tenant_a)
    page = _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)
    assert "5. <a" in page  # governance is done: the mapping stage is next


@pytest.mark.django_db
def test_unread_notifications_show_on_the_home(tenant_a, client_for):
    from core import notifications

    viewer = tenant_a.user(Role.VIEWER)
    notifications.notify(kind="test.home", key="home-1", recipient=viewer, municipality=tenant_a.municipality,
                         subject="Your task is due tomorrow", body="", url=f"/m/{tenant_a.municipality.slug}/")
    assert selectors.unread_notifications(user=viewer)["count"] == 1
    page = _home(client_for(viewer), tenant_a)
    assert "Your task is due tomorrow" in page and 'id="notifications-heading"' in page
    assert "Your task is due tomorrow" not in _home(client_for(tenant_a.user(Role.LOCAL_DIRECTOR)), tenant_a)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LOCAL_DIRECTOR, Role.MUNICIPAL_CEO, Role.VIEWER])
def test_the_home_uses_a_bounded_number_of_queries(tenant_a, client_for, role, django_assert_max_num_queries):
    m = tenant_a.municipality
    bodies = _governance(tenant_a)
    owner = _person(tenant_a, role)
    for body in bodies:
        BodyMemberFactory(body=body, municipality=m, person=owner)
        for i in range(15):
            MeetingFactory(body=body, municipality=m, starts_at=timezone.now() + dt.timedelta(days=i + 1))
            ActionItemFactory(body=body, municipality=m, owner=owner, due_date=TODAY - dt.timedelta(days=i + 1))
    for i in range(30):
        factories.PersonFactory(municipality=m)
    client = client_for(tenant_a.user(role))
    client.get(f"/m/{m.slug}/")  # warm the session
    with django_assert_max_num_queries(24):
        assert client.get(f"/m/{m.slug}/").status_code == 200
