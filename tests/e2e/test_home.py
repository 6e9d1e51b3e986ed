"""Each role's initiative home in Chromium: what needs them today, and honest stage tiles."""
import datetime as dt

import pytest
from django.utils import timezone

from core.roles import Role
from steering.defaults import BodyKind
from tests import factories
from tests.steering.factories import ActionItemFactory, BodyFactory, BodyMemberFactory, MeetingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sderot(db):
    town = factories.MunicipalityFactory(slug="sderot", name_he="שדרות", name_en="Sderot", population=30000,
                                         socioeconomic_cluster=5, peripherality_cluster=4)
    people = {}
    for role, username, name in ((Role.LOCAL_DIRECTOR, "director-sderot", "מיכל כהן"),
                                 (Role.MUNICIPAL_CEO, "ceo-sderot", "אבי לוי"),
                                 (Role.VIEWER, "viewer-sderot", "דנה פרץ")):
        user = factories.UserFactory(username=username, first_name=name.split()[0], last_name=name.split()[1])
        factories.MembershipFactory(municipality=town, user=user, role=role)
        people[role] = factories.PersonFactory(municipality=town, full_name=name, user=user, sector="authority")
    initiative = factories.InitiativeFactory(
        municipality=town, title="היישוב במרכז – שדרות", stage=4, phase="implementation",
        local_director=people[Role.LOCAL_DIRECTOR], start_date=dt.date(2016, 1, 1),
        planned_exit_date=timezone.localdate() - dt.timedelta(days=30))
    now, today = timezone.now(), timezone.localdate()
    for kind, name in ((BodyKind.LEADING_TEAM, "צוות מוביל"), (BodyKind.STEERING_COMMITTEE, "מינהלת יישובית")):
        body = BodyFactory(initiative=initiative, municipality=town, kind=kind, name=name)
        MeetingFactory(body=body, municipality=town, status="held", starts_at=now - dt.timedelta(days=25))
        MeetingFactory(body=body, municipality=town, title=f"ישיבת {name}", starts_at=now + dt.timedelta(days=6))
        for person in people.values():
            BodyMemberFactory(body=body, municipality=town, person=person)
        ActionItemFactory(body=body, municipality=town, owner=people[Role.VIEWER], title="לאסוף נתוני השתתפות",
                          due_date=today - dt.timedelta(days=4))
        ActionItemFactory(body=body, municipality=town, owner=people[Role.LOCAL_DIRECTOR],
                          title="להכין טיוטת מסמך מדיניות", due_date=today + dt.timedelta(days=10))
    return town


@pytest.mark.parametrize("username,role", [("director-sderot", "director"), ("ceo-sderot", "ceo"),
                                           ("viewer-sderot", "viewer")])
def test_each_roles_home(page, live_server, login, screenshot, sderot, username, role):
    login(page, username, factories.PASSWORD)
    assert page.url.endswith("/m/sderot/")
    assert page.locator(".roadmap li").count() == 10
    assert page.locator('.roadmap li[data-state="done"]').count() == 2  # selection and governance only
    assert page.locator('.roadmap li[data-state="not_built"]').count() == 5
    assert page.locator("[data-section=meetings] li").count() == 2
    assert page.locator(".notice.warn").count() >= 1  # the planned exit date has passed
    overdue = page.locator("[data-section=overdue] li").count()
    assert overdue == 2  # the viewer's own two; the others see the same two, which are everyone's
    if role == "ceo":
        assert page.locator("#awaiting-heading").count() == 1
    if role == "viewer":
        assert page.locator("#awaiting-heading").count() == 0
    screenshot(page, f"home-{role}")
