"""What stage 4 puts on the initiative home (registered in SteeringConfig.ready): its state from the
bodies and meetings, and the user's next meetings and action items. Read through the selectors."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import access
from municipalities import home
from steering import selectors
from steering.defaults import BodyKind

SHOWN = 5


def stage_status(municipality, initiative):
    progress = selectors.governance_progress(municipality=municipality)
    if not progress["bodies"]:
        return home.StageStatus(home.NOT_STARTED)
    summary = ngettext("%(n)s body, %(held)s meetings held", "%(n)s bodies, %(held)s meetings held",
                       progress["bodies"]) % {"n": progress["bodies"], "held": progress["held"]}
    core_bodies = {BodyKind.LEADING_TEAM, BodyKind.STEERING_COMMITTEE}
    state = home.DONE if core_bodies <= progress["kinds_meeting"] else home.IN_PROGRESS
    return home.StageStatus(state, summary)


def _meeting_item(meeting, slug):
    return home.WorkItem(title=meeting.display_title, when=timezone.localtime(meeting.starts_at),
                         note=meeting.body.name if meeting.title else "",
                         url=reverse("steering:meeting_detail", kwargs={"slug": slug, "pk": meeting.pk}))


def _action_item(item, slug, today, *, show_owner):
    note = item.body.name + (f" · {item.owner.full_name}" if show_owner else "")
    return home.WorkItem(title=item.title, when=item.due_date, note=note,
                         flag=_("overdue") if item.due_date < today else "",
                         url=reverse("steering:body_detail", kwargs={"slug": slug, "pk": item.body_id}))


def work(user, municipality, initiative):
    """Next meetings (all bodies for those who run them, else the user's own bodies), overdue action
    items (all for those who run the bodies, else the user's own) and the user's open action items.
    Six queries."""
    slug = municipality.slug
    today = timezone.localdate()
    manages = user.has_perm("steering.manage", municipality) or access.is_hq(user)  # HQ reads every body
    meetings = selectors.upcoming_meetings(municipality=municipality, member_user=None if manages else user)
    overdue = selectors.overdue_actions(municipality=municipality, owner_user=None if manages else user)
    mine = selectors.my_actions(user=user, municipality=municipality)
    return [
        home.WorkSection(
            key="meetings", title=_("Next meetings") if manages else _("Next meetings of my bodies"),
            items=[_meeting_item(m, slug) for m in meetings[:SHOWN]], total=meetings.count(),
            more_url=reverse("steering:index", kwargs={"slug": slug}), more_label=_("All bodies and meetings"),
            empty=_("No meeting is planned.")),
        home.WorkSection(
            key="overdue", title=_("Overdue action items") if manages else _("My overdue action items"),
            items=[_action_item(i, slug, today, show_owner=manages) for i in overdue[:SHOWN]],
            total=overdue.count(),
            more_url=reverse("steering:overdue_actions", kwargs={"slug": slug}) if manages else "",
            more_label=_("All overdue action items"), empty=_("Nothing is overdue.")),
        home.WorkSection(
            key="mine", title=_("My action items"),
            items=[_action_item(i, slug, today, show_owner=False) for i in mine[:SHOWN]], total=mine.count(),
            more_url=reverse("steering:my_actions", kwargs={"slug": slug}),
            more_label=_("Update my action items"), empty=_("You own no open action item.")),
    ]
