"""The "awaiting my approval" provider: MOUs and amendments waiting for the user's signature."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.approvals import ApprovalItem


def awaiting_signature(user, municipality):
    from mou import selectors

    items = []
    for agreement, version in selectors.awaiting_signature(user=user, municipality=municipality):
        kind = _("Amendment") if version.is_amendment else _("MOU")
        since = agreement.submitted_at or version.created_at
        items.append(ApprovalItem(
            kind=kind,
            title=_("Sign: %(title)s (%(version)s)") % {"title": version.title, "version": version.label},
            url=reverse("mou:version", kwargs={"slug": municipality.slug, "pk": version.pk}),
            since=timezone.localtime(since).date() if since else None))
    return items
