"""Issue 8, section 4: inviting an address that belongs to another municipality's user added them at
once and showed their real name, so a director could learn who owns any address. Now an existing
account joins only once it accepts, signed in, and the inviter sees nothing of it: the same answer
whether or not the address has an account, on the page and the API alike."""
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from core import tenancy
from core.models import Notification
from core.roles import Role
from municipalities import services
from municipalities.models import Invitation, InvitationStatus, Membership
from tests.conftest import MARKER_B

pytestmark = pytest.mark.django_db


def _with_address(user, email):
    """An address that names nothing (the factories' addresses repeat the username)."""
    user.email = email
    user.save()
    return user


def _members_of(municipality, user):
    with tenancy.scope_all():
        return list(Membership.objects.filter(municipality=municipality, user=user))


def _invite_page(tenant, client_for, email, role="viewer"):
    client = client_for(tenant.user(Role.LOCAL_DIRECTOR))
    client.cookies["yishuv_language"] = "en"
    response = client.post(f"/m/{tenant.municipality.slug}/users/", {
        "email": email, "first_name": "Typed", "last_name": "Name", "role": role}, follow=True)
    assert response.status_code == 200
    return response


def test_inviting_another_municipalitys_user_adds_nobody_and_shows_nothing_of_them(
        tenant_a, tenant_b, client_for, django_capture_on_commit_callbacks):
    stranger = _with_address(tenant_b.user(Role.MUNICIPAL_CEO), "ceo.private@example.net")  # names carry MARKER_B
    typed = stranger.email.upper()
    with django_capture_on_commit_callbacks(execute=True):
        page = _invite_page(tenant_a, client_for, typed)
    html = page.content.decode()
    assert MARKER_B not in html and stranger.username not in html
    assert "Municipal CEO" not in html.split("Invitations waiting for an answer")[-1]  # not their role in B
    messages = [str(m) for m in get_messages(page.wsgi_request)]
    assert messages == [f"An invitation was sent to {typed}."]
    assert _members_of(tenant_a.municipality, stranger) == []  # not a member until they accept
    with tenancy.scope(tenant_a.municipality):
        invitation = Invitation.objects.get(user=stranger)
    assert invitation.status == InvitationStatus.PENDING and invitation.email == typed.lower()
    notification = Notification.objects.get(recipient=stranger)
    assert notification.url == reverse("invitation", args=[invitation.pk])
    assert len(mail.outbox) == 1 and reverse("invitation", args=[invitation.pk]) in mail.outbox[0].body
    assert "/accounts/password/reset/" not in mail.outbox[0].body


def test_the_answer_is_the_same_for_a_new_address_and_an_existing_account(tenant_a, tenant_b, client_for):
    new = [str(m) for m in get_messages(_invite_page(tenant_a, client_for, "nobody@example.org").wsgi_request)]
    existing_email = tenant_b.user(Role.VIEWER).email
    old = [str(m) for m in get_messages(_invite_page(tenant_a, client_for, existing_email).wsgi_request)]
    assert new == ["An invitation was sent to nobody@example.org."]
    assert old == [f"An invitation was sent to {existing_email}."]


def test_the_invited_person_accepts_and_joins_with_the_role(tenant_a, tenant_b, client_for):
    invited = tenant_b.user(Role.VIEWER)
    _invite_page(tenant_a, client_for, invited.email, role="domain_lead")
    with tenancy.scope(tenant_a.municipality):
        invitation = Invitation.objects.get(user=invited)
    client = client_for(invited)
    client.cookies["yishuv_language"] = "en"
    page = client.get(reverse("invitation", args=[invitation.pk]))
    assert page.status_code == 200 and "Accept and join" in page.content.decode()
    assert client.get(f"/m/{tenant_a.municipality.slug}/").status_code == 404  # not before accepting
    response = client.post(reverse("invitation", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 302
    [membership] = _members_of(tenant_a.municipality, invited)
    assert membership.is_active and membership.role == Role.DOMAIN_LEAD
    assert client.get(f"/m/{tenant_a.municipality.slug}/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.answered_at
    assert client.post(reverse("invitation", args=[invitation.pk]), {"answer": "decline"}).status_code == 200
    assert _members_of(tenant_a.municipality, invited)[0].is_active  # an answer is given once


def test_a_declined_invitation_adds_nobody(tenant_a, tenant_b, client_for):
    invited = tenant_b.user(Role.VIEWER)
    _invite_page(tenant_a, client_for, invited.email)
    with tenancy.scope(tenant_a.municipality):
        invitation = Invitation.objects.get(user=invited)
    assert client_for(invited).post(reverse("invitation", args=[invitation.pk]), {"answer": "decline"}).status_code == 302
    assert _members_of(tenant_a.municipality, invited) == []
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_only_the_invited_person_sees_or_answers_their_invitation(tenant_a, tenant_b, client_for, hq_admin):
    invited = tenant_b.user(Role.VIEWER)
    _invite_page(tenant_a, client_for, invited.email)
    with tenancy.scope(tenant_a.municipality):
        invitation = Invitation.objects.get(user=invited)
    url = reverse("invitation", args=[invitation.pk])
    for other in (tenant_a.user(Role.LOCAL_DIRECTOR), tenant_b.user(Role.MUNICIPAL_CEO), hq_admin):
        assert client_for(other).get(url).status_code == 404
        assert client_for(other).post(url, {"answer": "accept"}).status_code == 404
    assert _members_of(tenant_a.municipality, invited) == []
    with tenancy.scope(tenant_a.municipality), pytest.raises(Exception):
        services.invitation_accept(invitation=invitation, by=tenant_a.user(Role.LOCAL_DIRECTOR))


def test_the_api_answers_the_same_and_adds_nobody(tenant_a, tenant_b):
    client = APIClient()
    client.force_authenticate(tenant_a.user(Role.LOCAL_DIRECTOR))
    stranger = _with_address(tenant_b.user(Role.HEAD_OF_AUTHORITY), "head.private@example.net")
    body = {"municipality": tenant_a.municipality.slug, "first_name": "Typed", "role": "viewer"}
    existing = client.post("/api/v1/memberships/", {**body, "email": stranger.email}, format="json")
    new = client.post("/api/v1/memberships/", {**body, "email": "fresh@example.org"}, format="json")
    assert existing.status_code == new.status_code == 201
    assert set(existing.json()) == set(new.json())
    assert existing.json()["email"] == stranger.email.lower() and existing.json()["first_name"] == "Typed"
    assert MARKER_B not in existing.content.decode() and stranger.username not in existing.content.decode()
    assert _members_of(tenant_a.municipality, stranger) == []
    listed = client.get("/api/v1/memberships/").content.decode()
    assert MARKER_B not in listed


def test_the_director_resends_a_pending_invitation(tenant_a, tenant_b, client_for, django_capture_on_commit_callbacks):
    invited = tenant_b.user(Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        _invite_page(tenant_a, client_for, invited.email)
    with tenancy.scope(tenant_a.municipality):
        invitation = Invitation.objects.get(user=invited)
    director = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post(f"/m/{tenant_a.municipality.slug}/users/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302 and len(mail.outbox) == 2
    assert Notification.objects.filter(recipient=invited).count() == 2


def test_the_users_page_lists_a_new_address_and_an_existing_account_alike(tenant_a, tenant_b, client_for):
    stranger = _with_address(tenant_b.user(Role.VIEWER), "known.private@example.net")
    _invite_page(tenant_a, client_for, "unknown.person@example.org")
    page = _invite_page(tenant_a, client_for, stranger.email).content.decode()
    members, waiting = page.split("<caption>Members")[1].split("Invitations waiting for an answer")
    assert "unknown.person@example.org" not in members and stranger.email not in members
    row = {email: waiting.split(email)[1].split("</tr>")[0] for email in
           ("unknown.person@example.org", stranger.email)}
    strip = [r.replace("unknown.person@example.org", "").split("action=")[0] for r in row.values()]
    assert strip[0] == strip[1]  # the same row: the typed name, the role, the date
    assert MARKER_B not in page
