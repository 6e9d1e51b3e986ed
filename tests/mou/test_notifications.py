"""The MOU tells people through core.notifications: out for signature → each signatory with an
account who has not signed; fully signed → the local director and foundation HQ. Once each."""
import pytest
from django.core import mail
from django.db import transaction

from core import tenancy
from core.models import Notification
from core.roles import Role
from mou import selectors, services
from mou.notifications import FULLY_SIGNED, SENT_FOR_SIGNATURE

pytestmark = pytest.mark.django_db


def _sign(agreement, user):
    version = selectors.current_version(agreement=agreement)
    signatory = next(s for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == user.pk)
    return services.signature_sign(agreement=agreement, signatory=signatory, version_id=version.pk,
                                   content_hash=version.content_hash, by=user)


def _signers(agreement):
    return [s.person.user for s in selectors.signatory_list(agreement=agreement) if s.person.user_id]


def test_each_signatory_is_asked_once(tenant_a, agreement, director, ceo, django_capture_on_commit_callbacks):
    ceo.language = "en"
    ceo.save()
    with tenancy.scope(tenant_a.municipality):
        signers = _signers(agreement)
        with django_capture_on_commit_callbacks(execute=True):
            services.agreement_submit(agreement=agreement, by=director)
        # taken back and sent again unchanged: nobody is asked twice for the same version
        with django_capture_on_commit_callbacks(execute=True):
            services.agreement_withdraw(agreement=agreement, by=director)
            services.agreement_submit(agreement=agreement, by=director)
    asked = Notification.objects.filter(kind=SENT_FOR_SIGNATURE)
    assert sorted(n.recipient_id for n in asked) == sorted(u.pk for u in signers) and len(signers) >= 3
    assert sorted(r for m in mail.outbox for r in m.to) == sorted(u.email for u in signers)
    to_ceo = asked.get(recipient=ceo)
    assert to_ceo.language == "en" and to_ceo.subject.startswith("Please sign the MOU: ")
    assert to_ceo.url == f"/m/{tenant_a.municipality.slug}/mou/"


def test_a_changed_version_asks_again_but_not_who_already_signed_it(tenant_a, agreement, director, ceo,
                                                                    django_capture_on_commit_callbacks):
    with tenancy.scope(tenant_a.municipality), django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        services.agreement_withdraw(agreement=agreement, by=director)
        services.agreement_submit(agreement=agreement, by=director)  # same version: the CEO's signature counts
    assert Notification.objects.filter(kind=SENT_FOR_SIGNATURE, recipient=ceo).count() == 1


def test_fully_signed_tells_the_director_and_hq_once(tenant_a, agreement, director, ceo, head, hq_staff,
                                                     django_capture_on_commit_callbacks):
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            for user in _signers(agreement):
                _sign(agreement, user)
    done = Notification.objects.filter(kind=FULLY_SIGNED)
    assert {n.recipient for n in done} == {director, hq_staff}
    assert sorted(r for m in mail.outbox for r in m.to) == sorted([director.email, hq_staff.email])
    # HQ reads it although not a member
    from core import notifications

    assert notifications.unread_for(hq_staff)["count"] == 1


def test_a_rolled_back_submit_asks_nobody(tenant_a, agreement, director, django_capture_on_commit_callbacks):
    with tenancy.scope(tenant_a.municipality), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.agreement_submit(agreement=agreement, by=director)
            raise RuntimeError("boom")
    assert mail.outbox == [] and not Notification.objects.exists()
    assert tenant_a.user(Role.VIEWER).notifications.count() == 0
