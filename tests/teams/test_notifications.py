"""The appointed domain lead is told (inbox and e-mail), once per appointment."""
import pytest
from django.core import mail

from core.models import Notification
from core.roles import Role
from teams import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(tenant_a, scope_of):
    with scope_of(tenant_a.municipality):
        return services.team_create(initiative=tenant_a.initiative, name='צוות "גיל רך"', domain="early_childhood",
                                    by=tenant_a.user(Role.LOCAL_DIRECTOR))


def _appoint(team, person, tenant, scope_of, capture):
    with scope_of(tenant.municipality), capture(execute=True):
        services.team_appoint_lead(team=team, person=person, by=tenant.user(Role.MUNICIPAL_CEO))
    team.refresh_from_db()


def test_the_appointed_user_is_notified_once(team, tenant_a, scope_of, django_capture_on_commit_callbacks):
    lead_user = tenant_a.user(Role.DOMAIN_LEAD)
    lead_user.language = "en"
    lead_user.save()
    with scope_of(tenant_a.municipality):
        lead = lead_user.people.get()
    _appoint(team, lead, tenant_a, scope_of, django_capture_on_commit_callbacks)
    _appoint(team, lead, tenant_a, scope_of, django_capture_on_commit_callbacks)  # the same again
    notification = Notification.objects.get(kind="teams.lead_appointed")
    assert notification.recipient == lead_user and notification.language == "en"
    assert notification.subject == 'You were appointed domain lead: צוות "גיל רך"'
    assert notification.url == f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [lead_user.email]
    assert 'צוות "גיל רך"' in mail.outbox[0].body


def test_a_person_without_an_account_gets_the_email_and_a_new_lead_is_news(team, tenant_a, scope_of,
                                                                            django_capture_on_commit_callbacks):
    first = factories.PersonFactory(municipality=tenant_a.municipality, email="first@example.org")
    second = factories.PersonFactory(municipality=tenant_a.municipality, email="second@example.org")
    _appoint(team, first, tenant_a, scope_of, django_capture_on_commit_callbacks)
    _appoint(team, second, tenant_a, scope_of, django_capture_on_commit_callbacks)
    _appoint(team, first, tenant_a, scope_of, django_capture_on_commit_callbacks)  # appointed again later
    assert [m.to for m in mail.outbox] == [["first@example.org"], ["second@example.org"], ["first@example.org"]]
    assert not Notification.objects.filter(recipient__isnull=False).exists()
