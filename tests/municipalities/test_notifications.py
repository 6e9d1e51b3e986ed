"""The invitation goes through core.notifications: once per invitation, after commit, in the invited
user's language, plain text that keeps names as typed (it read ג&#x27;מאל אבו &quot;ראס&quot;)."""
import pytest
from django.core import mail
from django.db import transaction

from accounts.models import User
from core import tenancy
from core.models import Notification
from core.roles import Role
from municipalities import services
from municipalities.models import Membership
from municipalities.tasks import membership_invitation_send
from tests import factories

pytestmark = pytest.mark.django_db

NAME_FIRST, NAME_LAST = "ג'מאל", 'אבו "ראס"'


def _invite(tenant, email="jamal@example.org", **kwargs):
    with tenancy.scope(tenant.municipality):
        return services.membership_invite(municipality=tenant.municipality, email=email, first_name=NAME_FIRST,
                                          last_name=NAME_LAST, role=Role.VIEWER,
                                          by=tenant.user(Role.LOCAL_DIRECTOR), **kwargs)


def test_the_invitation_is_plain_text_with_the_name_as_typed(tenant_a, django_capture_on_commit_callbacks):
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    director.first_name, director.last_name = "ג'ורג'", 'ח"כ'
    director.save()
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite(tenant_a)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert f'{NAME_FIRST} {NAME_LAST}' in message.body and "ג'ורג' ח\"כ" in message.body
    assert "&#x27;" not in message.body and "&quot;" not in message.body
    assert "/accounts/password/reset/" in message.body
    notification = Notification.objects.get(recipient=membership.user)
    assert notification.kind == "municipalities.invitation" and notification.language == "he"
    assert notification.municipality_id == tenant_a.municipality.pk
    assert "/accounts/password/reset/" not in notification.body  # the sign-in link is only in the e-mail
    assert notification.email_body == ""  # and not kept once sent


def test_the_invitation_is_in_the_invited_users_language(tenant_a, django_capture_on_commit_callbacks):
    factories.UserFactory(email="known@example.org", username="known@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(tenant_a, email="known@example.org")
    assert mail.outbox[0].subject.startswith("You were invited to Yishuv: ")
    assert Notification.objects.get().language == "en"


def test_once_per_invitation_even_if_the_task_runs_twice(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership = _invite(tenant_a)
    task_kwargs = {"membership_id": membership.pk, "municipality_id": tenant_a.municipality.pk,
                   "key": f"membership:{membership.pk}:1"}
    with django_capture_on_commit_callbacks(execute=True):
        membership_invitation_send(**task_kwargs)  # a retried task: the same key
    assert len(callbacks) >= 1 and len(mail.outbox) == 1
    # sending it again on purpose is a new invitation
    with tenancy.scope(tenant_a.municipality), django_capture_on_commit_callbacks(execute=True):
        services.membership_resend_invitation(membership=membership, by=tenant_a.user(Role.LOCAL_DIRECTOR))
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(recipient=membership.user).count() == 2


def test_no_invitation_when_the_invite_rolls_back(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _invite(tenant_a)
            raise RuntimeError("later step failed")
    assert mail.outbox == [] and not Notification.objects.exists()
    assert not User.objects.filter(email="jamal@example.org").exists()
    with tenancy.scope(tenant_a.municipality):
        assert not Membership.objects.filter(user__email="jamal@example.org").exists()
