"""Writes for municipalities, initiatives, people and memberships. Each service validates the model
(`full_clean`), runs in a transaction and leaves an attributed history record."""
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import User
from core import access, notifications, tenancy
from core.roles import Role
from core.services import check_delete_guards, model_save, set_fields
from municipalities.models import Initiative, Invitation, InvitationStatus, Membership, Municipality, Person


@transaction.atomic
def initiative_create(*, municipality, by, **fields) -> Initiative:
    return model_save(Initiative(municipality=municipality, **fields), by=by)


@transaction.atomic
def initiative_update(*, initiative: Initiative, by, **fields) -> Initiative:
    if "municipality" in fields and fields.pop("municipality").pk != initiative.municipality_id:
        raise ValidationError({"municipality": _("A record cannot move to another municipality.")})
    set_fields(initiative, fields)
    return model_save(initiative, by=by)


@transaction.atomic
def initiative_open(*, municipality, by, title: str = "", start_date=None, **fields) -> Initiative:
    """Open (or return the already active) initiative of a municipality: used when stage 1 selects a
    locality. A new initiative starts in the pre-establishment phase, at the MOU stage."""
    from core.reference import Phase
    from core.stages import Stage
    from municipalities.models import InitiativeStatus

    existing = Initiative.objects.filter(municipality=municipality, status=InitiativeStatus.ACTIVE).first()
    if existing is not None:
        return existing
    initiative = Initiative(municipality=municipality, title=title or str(municipality.name_he),
                            phase=Phase.PRE_ESTABLISHMENT, stage=Stage.MOU, start_date=start_date, **fields)
    return model_save(initiative, by=by, reason=_("Opened after selection"))


@transaction.atomic
def initiative_advance(*, initiative: Initiative, stage: int, by, reason: str = "") -> Initiative:
    """Move the initiative on the roadmap (never backwards by accident: only to a later stage)."""
    if stage > initiative.stage:
        initiative.stage = stage
        model_save(initiative, by=by, reason=reason or None)
    return initiative


@transaction.atomic
def person_save(*, person: Person, by) -> Person:
    if not person.is_active and person.pk:
        was_active = Person.all_municipalities.filter(pk=person.pk, is_active=True).exists()
        if was_active:
            check_delete_guards(person)
    return model_save(person, by=by)


@transaction.atomic
def person_deactivate(*, person: Person, by) -> Person:
    """What deleting a person means: they leave the directory (inactive) but stay in every record
    that names them (attendance, action items, signatures), restorable. Refused, with the reason,
    while a later stage still needs them (e.g. the domain lead a CEO appointed)."""
    check_delete_guards(person)
    person.is_active = False
    return model_save(person, by=by, reason=_("Removed from the directory (restorable)"))


INVITATION = "municipalities.invitation"


def invitation_key(membership) -> str:
    """The key of the next invitation e-mail of a membership (an invitation may be sent again)."""
    return notifications.next_key(kind=INVITATION, prefix=f"membership:{membership.pk}")


def send_invitation(*, membership, by=None, base_url: str = "", key: str | None = None):
    """The invitation: an e-mail with the link to choose a password (sent after the commit) and an
    entry in the invited user's inbox, in their language. `key` makes a retried send a no-op."""
    user, municipality = membership.user, membership.municipality
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    link = base_url.rstrip("/") + path if base_url else path
    context = {"user": user, "municipality": municipality, "role": Role(membership.role).label,
               "by": by or "", "link": link, "needs_password": not user.has_usable_password()}
    return notifications.notify(
        kind=INVITATION, key=key or invitation_key(membership), recipient=user, municipality=municipality,
        subject_template="municipalities/email/invitation_subject.txt",
        body_template="municipalities/email/invitation_inbox.txt",
        email_body_template="municipalities/email/invitation.txt",
        url=reverse("municipalities:home", args=[municipality.slug]), context=context)


# Roles a local director may hand out. The approvers (head of authority, municipal CEO) and the
# local director role itself are granted by foundation HQ admins only.
DIRECTOR_GRANTABLE_ROLES = frozenset({Role.DOMAIN_LEAD, Role.COMMITTEE_MEMBER, Role.VIEWER})


def _check_role_grant(*, by, municipality, role, current_role=None):
    """May `by` give (or take away) `role` in this municipality? HQ admins may grant any role; a local
    director manages the contributor roles only, and cannot touch the approvers' or a director's
    membership."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if access.is_hq_admin_user(by):
        return
    if not by.has_perm("municipalities.manage_users", municipality):
        raise PermissionDenied
    for value in {role, current_role} - {None}:
        if value not in DIRECTOR_GRANTABLE_ROLES:
            raise ValidationError({"role": _("Only foundation HQ can grant or change the roles of head of "
                                             "authority, municipal CEO and local director.")})


@transaction.atomic
def membership_invite(*, municipality, email: str, first_name: str, last_name: str, role: str, by,
                      request=None) -> Membership | Invitation:
    """Invite a person by e-mail. An address without an account gets one (no password until they
    set one from the invitation link) and the membership at once. An address that already has an
    account gets a pending `Invitation` only: they join when they accept it, signed in
    (`invitation_accept`). The caller must answer the same either way (pages and API say
    "invitation sent to <address>"): nothing of an existing account (its name, its roles, even its
    existence) is shown to the inviter."""
    _check_role_grant(by=by, municipality=municipality, role=role)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first() or User.objects.filter(username__iexact=email).first()
    if user is not None:
        return _invite_existing_account(municipality=municipality, user=user, email=email, first_name=first_name,
                                        last_name=last_name, role=role, by=by, request=request)
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    model_save(user, by=by)
    membership = Membership(municipality=municipality, user=user, role=role, is_active=True, invited_by=by)
    model_save(membership, by=by, reason=_("Invited"))
    from municipalities.tasks import membership_invitation_send

    base_url = request.build_absolute_uri("/") if request is not None else ""
    membership_invitation_send.delay_on_commit(membership_id=membership.pk, municipality_id=municipality.pk,
                                               base_url=base_url, invited_by_id=by.pk,
                                               key=invitation_key(membership))
    return membership


def _invite_existing_account(*, municipality, user, email, first_name, last_name, role, by, request):
    membership = Membership.objects.filter(municipality=municipality, user=user).first()
    if membership is not None and membership.is_active:  # already listed on this municipality's users page
        raise ValidationError({"email": _("This person is already a member of the municipality.")})
    if membership is not None:
        _check_role_grant(by=by, municipality=municipality, role=role, current_role=membership.role)
    invitation = Invitation.objects.filter(municipality=municipality, user=user,
                                           status=InvitationStatus.PENDING).first()
    if invitation is None:
        invitation = Invitation(municipality=municipality, user=user)
    invitation.email, invitation.first_name, invitation.last_name = email, first_name, last_name
    invitation.role, invitation.invited_by = role, by
    model_save(invitation, by=by, reason=_("Invited"))
    send_account_invitation(invitation=invitation, by=by, base_url=request.build_absolute_uri("/") if request else "")
    return invitation


def send_account_invitation(*, invitation, by=None, base_url: str = ""):
    """Tell an existing account it was invited: an inbox entry and an e-mail (after commit, in their
    language) with the page where they accept or decline. Every send is a new notification."""
    path = reverse("invitation", args=[invitation.pk])
    link = base_url.rstrip("/") + path if base_url else path
    context = {"user": invitation.user, "municipality": invitation.municipality,
               "role": Role(invitation.role).label, "by": by or "", "link": link}
    return notifications.notify(
        kind=INVITATION, key=notifications.next_key(kind=INVITATION, prefix=f"invitation:{invitation.pk}"),
        recipient=invitation.user, municipality=None,
        subject_template="municipalities/email/invitation_subject.txt",
        body_template="municipalities/email/account_invitation.txt", url=path, context=context)


def invitations_pending(*, municipality):
    return Invitation.objects.filter(municipality=municipality, status=InvitationStatus.PENDING) \
        .select_related("invited_by").order_by("-created_at")


def invitation_for(*, user, pk) -> Invitation | None:
    """The invitation `pk` if it is addressed to `user` (any municipality: it is theirs to answer)."""
    with tenancy.scope_all():
        return Invitation.objects.select_related("municipality", "invited_by").filter(pk=pk, user=user).first()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, by) -> Membership:
    """The invited person accepts (only they can): the membership is created or reactivated with
    the invited role."""
    if by.pk != invitation.user_id:
        raise PermissionDenied
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation was already answered."))
    with tenancy.scope(invitation.municipality):
        membership = Membership.objects.filter(municipality=invitation.municipality, user=by).first() \
            or Membership(municipality=invitation.municipality, user=by)
        membership.role, membership.is_active = invitation.role, True
        membership.invited_by = invitation.invited_by
        model_save(membership, by=by, reason=_("Invitation accepted"))
        invitation.status, invitation.answered_at = InvitationStatus.ACCEPTED, timezone.now()
        model_save(invitation, by=by, reason=_("Invitation accepted"))
    access.forget_cached_roles(by)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, by) -> Invitation:
    if by.pk != invitation.user_id:
        raise PermissionDenied
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation was already answered."))
    with tenancy.scope(invitation.municipality):
        invitation.status, invitation.answered_at = InvitationStatus.DECLINED, timezone.now()
        return model_save(invitation, by=by, reason=_("Invitation declined"))


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by, request=None) -> Invitation:
    _check_role_grant(by=by, municipality=invitation.municipality, role=invitation.role)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation was already answered."))
    send_account_invitation(invitation=invitation, by=by,
                            base_url=request.build_absolute_uri("/") if request is not None else "")
    return invitation


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by) -> Membership:
    if membership.user_id == by.pk and not access.is_hq_admin_user(by):
        raise ValidationError(_("You cannot change your own role."))
    _check_role_grant(by=by, municipality=membership.municipality, role=role, current_role=membership.role)
    membership.role = role
    access.forget_cached_roles(membership.user)
    return model_save(membership, by=by, reason=_("Role changed"))


@transaction.atomic
def membership_update(*, membership: Membership, by, role: str | None = None, is_active: bool | None = None,
                      **fields) -> Membership:
    """The users page's two changes in one call (the API's PATCH): the role, then active or not."""
    if fields:
        raise ValidationError(_("Only the role and whether the membership is active can change."))
    if role is not None and role != membership.role:
        membership_set_role(membership=membership, role=role, by=by)
    if is_active is not None and is_active != membership.is_active:
        membership_set_active(membership=membership, active=is_active, by=by)
    return membership


@transaction.atomic
def membership_set_active(*, membership: Membership, active: bool, by) -> Membership:
    if membership.user_id == by.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    _check_role_grant(by=by, municipality=membership.municipality, role=membership.role)
    membership.is_active = active
    access.forget_cached_roles(membership.user)
    return model_save(membership, by=by, reason=_("Activated") if active else _("Deactivated"))


@transaction.atomic
def membership_resend_invitation(*, membership: Membership, by, request=None) -> Membership:
    """Send the invitation again (a lost or expired link) to a member who never chose a password."""
    _check_role_grant(by=by, municipality=membership.municipality, role=membership.role)
    if membership.user.has_usable_password():
        raise ValidationError(_("This user already has a password: they can use \"Forgot your password?\"."))
    from municipalities.tasks import membership_invitation_send

    base_url = request.build_absolute_uri("/") if request is not None else ""
    membership_invitation_send.delay_on_commit(membership_id=membership.pk, municipality_id=membership.municipality_id,
                                               base_url=base_url, invited_by_id=by.pk,
                                               key=invitation_key(membership))
    return membership


def register_restores() -> None:
    """Called from the app's `ready`: a person is restored through `person_save` (the directory's
    delete guards apply to a restore that would deactivate them)."""
    from core import audit

    audit.register_restore(Person, lambda *, instance, current, by: person_save(person=instance, by=by))


@transaction.atomic
def municipality_registry_save(*, data: dict, by=None, reason: str = "", municipality: Municipality | None = None,
                               used_slugs: set | None = None) -> Municipality:
    """Create an authority of the CBS registry (`municipality` None) or update one with `data` (the
    registry's fields, as `municipalities.imports` reads them). A new one gets a readable, unique slug
    (`used_slugs`: the slugs taken, kept up to date by the caller of many rows, else queried)."""
    from municipalities.registry import slug_for

    if municipality is None:
        slug = slug_for(data)
        taken = slug in used_slugs if used_slugs is not None else Municipality.objects.filter(slug=slug).exists()
        if taken:
            slug = f"{slug}-{data['cbs_code']}"
        if used_slugs is not None:
            used_slugs.add(slug)
        municipality = Municipality(slug=slug)
    for key, value in data.items():
        setattr(municipality, key, value)
    return model_save(municipality, by=by, reason=(reason or "CBS registry import")[:100])
