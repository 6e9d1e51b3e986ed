"""What the MOU tells people (through `core.notifications`): a version out for signature goes to each
signatory with an account who has not signed it yet; a fully signed MOU goes to the municipality's
local director(s) and foundation HQ. Keyed by the version, so sending the same version again (after
taking it back to draft unchanged) notifies nobody twice."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import notifications
from core.roles import Role
from mou.models import Signature
from municipalities.models import Membership

SENT_FOR_SIGNATURE = "mou.sent_for_signature"
FULLY_SIGNED = "mou.fully_signed"


def _context(agreement, version, by):
    return {"agreement": agreement, "version": version, "municipality": agreement.municipality,
            "title": version.title, "number": version.number, "by": by or ""}


def sent_for_signature(*, agreement, version, signatories, by) -> int:
    """Notify each signatory (with an account) who has not yet signed `version`."""
    signed = set(Signature.objects.filter(version=version).values_list("signatory_id", flat=True))
    url = reverse("mou:index", args=[agreement.municipality.slug])
    sent = 0
    for signatory in signatories:
        user = signatory.person.user
        if user is None or signatory.pk in signed:
            continue
        if notifications.notify(
                kind=SENT_FOR_SIGNATURE, key=f"version:{version.pk}:user:{user.pk}", recipient=user,
                municipality=agreement.municipality_id,
                subject=_("Please sign the MOU: %(title)s (version %(number)s)"),
                body_template="mou/email/sent_for_signature.txt",
                context={**_context(agreement, version, by), "signatory": signatory}, url=url):
            sent += 1
    return sent


def fully_signed(*, agreement, version, by) -> int:
    """Notify the local director(s) of the municipality and foundation HQ staff."""
    directors = {m.user for m in Membership.objects.filter(municipality_id=agreement.municipality_id,
                                                           role=Role.LOCAL_DIRECTOR, is_active=True)
                 .select_related("user")}
    initiative = agreement.initiative
    if initiative.local_director_id and initiative.local_director.user_id:
        directors.add(initiative.local_director.user)
    recipients = sorted(directors | set(notifications.hq_users()), key=lambda u: u.pk)
    url = reverse("mou:index", args=[agreement.municipality.slug])
    sent = 0
    for user in recipients:
        if notifications.notify(
                kind=FULLY_SIGNED, key=f"version:{version.pk}:user:{user.pk}", recipient=user,
                municipality=agreement.municipality_id,
                subject=_("The MOU is signed: %(title)s (version %(number)s)"),
                body_template="mou/email/fully_signed.txt", context=_context(agreement, version, by), url=url):
            sent += 1
    return sent
