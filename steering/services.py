"""Writes of stage 4. Each service runs in a transaction, validates the model (`full_clean`) and
leaves an attributed history record (`_history_user`)."""
import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications, workdays
from core.services import delete_guarded, model_save, model_update, set_fields
from steering import cadence
from steering.defaults import defaults_for
from steering.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Body,
    BodyMember,
    Decision,
    Meeting,
    MeetingStatus,
    ReminderKind,
    ReminderSent,
)

log = logging.getLogger(__name__)


# --- bodies ---------------------------------------------------------------------------------------
def body_initial(kind) -> dict:
    """The guide's defaults for a new body of this kind (the form's initial values)."""
    d = defaults_for(kind)
    return {"kind": kind, "min_size": d.min_size, "max_size": d.max_size, "chair_title": str(d.chair),
            "meetings_per_year": d.meetings_per_year, "interval_months": d.interval_months,
            "skip_months": list(d.skip_months), "duration_minutes": d.duration_minutes,
            "composition_target": {str(k): v for k, v in d.composition.items()}}


@transaction.atomic
def body_create(*, initiative, kind, name, by, **fields) -> Body:
    """Create a body with its kind's defaults; any field given overrides the default."""
    values = {**body_initial(kind), **{k: v for k, v in fields.items() if v is not None}}
    values.pop("kind", None)
    values.setdefault("established_on", timezone.localdate())
    body = Body(municipality_id=initiative.municipality_id, initiative=initiative, kind=kind, name=name, **values)
    return model_save(body, by=by)


@transaction.atomic
def body_update(*, body: Body, by, **fields) -> Body:
    for key, value in fields.items():
        setattr(body, key, value)
    return model_save(body, by=by)


@transaction.atomic
def member_add(*, body: Body, person, by, sector: str = "", role: str = "member", joined_on=None) -> BodyMember:
    """Add a person from the directory (or reactivate a former member). The sector defaults to the
    person's own."""
    member = BodyMember.objects.filter(body=body, person=person).first()
    if member is not None and member.is_active:
        raise ValidationError({"person": _("This person is already a member of the body.")})
    if member is None:
        member = BodyMember(municipality_id=body.municipality_id, body=body, person=person)
    member.sector = sector or person.sector
    member.role = role
    member.joined_on = joined_on or member.joined_on or timezone.localdate()
    member.is_active = True
    return model_save(member, by=by)


@transaction.atomic
def member_remove(*, member: BodyMember, by) -> BodyMember:
    """Members leave a body but stay in its records (their attendance is history)."""
    member.is_active = False
    return model_save(member, by=by, reason=_("Left the body"))


MEMBER_FIELDS = ("sector", "role", "joined_on", "is_active")


@transaction.atomic
def member_update(*, member: BodyMember, by, **fields) -> BodyMember:
    """Change a member's sector, role or joining date; `is_active=False` is leaving the body (the
    member and their attendance stay in the records), True rejoins."""
    for key in ("body", "person"):
        value = fields.pop(key, None)
        if value is not None and getattr(member, f"{key}_id") != value.pk:
            raise ValidationError({key: _("A membership cannot move to another body or person; add a new "
                                          "member instead.")})
    leaving = fields.get("is_active") is False and member.is_active
    model_update(instance=member, fields=MEMBER_FIELDS, data=fields, by=by,
                 reason=_("Left the body") if leaving else None)
    return member


# --- meetings -------------------------------------------------------------------------------------
def _at(date: dt.date, time: dt.time):
    return timezone.make_aware(dt.datetime.combine(date, time), timezone.get_default_timezone())


class PlanResult(list):
    """The meetings a plan created (a list), with the dates it left out because the body already
    meets in that month (`skipped`)."""

    def __init__(self, created=(), skipped=()):
        super().__init__(created)
        self.skipped = list(skipped)


def plan_dates(*, body: Body, first_date: dt.date, count: int | None = None, horizon_months: int = 12,
               avoid_holidays: bool = False):
    """The cadence's dates; with `avoid_holidays`, each date that falls on Shabbat, a Friday, a
    holiday, Chol HaMoed or a holiday's eve moves to the next suitable day of its month."""
    dates = cadence.plan_dates(first=first_date, interval_months=body.interval_months, skip_months=body.skip_months,
                               count=count or body.meetings_per_year, horizon_months=horizon_months)
    if avoid_holidays:
        dates = [workdays.next_suitable_day(d) for d in dates]
    return dates


def _months_with_meetings(body: Body) -> set[tuple[int, int]]:
    """(year, month) of the body's meetings that count (not cancelled, not deleted)."""
    return {(d.year, d.month) for d in (
        timezone.localdate(starts_at) for starts_at in Meeting.objects.filter(
            body=body, deleted_at__isnull=True).exclude(status=MeetingStatus.CANCELLED)
        .values_list("starts_at", flat=True))}


def plan_warnings(*, body: Body, first_date: dt.date, count: int | None = None, today=None,
                  avoid_holidays: bool = False) -> list[str]:
    """What the user should confirm before a year is planned: dates in the past, and dates on
    Shabbat, a Friday, a Jewish or national holiday (Chol HaMoed included) or a holiday's eve."""
    today = today or timezone.localdate()
    taken = _months_with_meetings(body)
    dates = [d for d in plan_dates(body=body, first_date=first_date, count=count, avoid_holidays=avoid_holidays)
             if (d.year, d.month) not in taken]  # a skipped month plans nothing: nothing to warn about
    warnings = []
    past = [d for d in dates if d < today]
    if past:
        warnings.append(_("%(n)s of the dates are in the past (from %(date)s): they would be planned as meetings "
                          "that did not take place yet.") % {"n": len(past), "date": past[0].strftime("%d/%m/%Y")})
    for date in dates:
        conflict = workdays.day_conflict(date)
        if conflict:
            warnings.append(_("%(date)s falls on %(conflict)s.") % {"date": date.strftime("%d/%m/%Y"),
                                                                      "conflict": conflict})
    return warnings


@transaction.atomic
def meetings_plan_year(*, body: Body, first_date: dt.date, start_time: dt.time, by, location: str = "",
                       count: int | None = None, horizon_months: int = 12,
                       avoid_holidays: bool = False) -> PlanResult:
    """Plan a year of meetings from the body's cadence in one action: `count` (default: the body's
    required meetings a year) dates from `first_date`, one every `interval_months`, skipping the
    body's months without meetings (and, with `avoid_holidays`, moving each date off Shabbat and the
    holidays). A month in which the body already has a meeting (not cancelled, not deleted) gets no
    second one: its date is reported in `skipped`."""
    dates = plan_dates(body=body, first_date=first_date, count=count, horizon_months=horizon_months,
                       avoid_holidays=avoid_holidays)
    taken = _months_with_meetings(body)
    created, skipped = [], []
    for date in dates:
        if (date.year, date.month) in taken:
            skipped.append(date)
            continue
        meeting = Meeting(municipality_id=body.municipality_id, body=body, starts_at=_at(date, start_time),
                          duration_minutes=body.duration_minutes, location=location)
        created.append(model_save(meeting, by=by, reason=_("Planned from the cadence")))
    return PlanResult(created, skipped)


@transaction.atomic
def meeting_save(*, meeting: Meeting, by) -> Meeting:
    """Create or change a meeting (move, edit the agenda, cancel): the calendar revision goes up."""
    if meeting.pk:
        meeting.sequence += 1
    return model_save(meeting, by=by)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    return model_save(meeting, by=by, reason=_("Cancelled"))


@transaction.atomic
def meeting_uncancel(*, meeting: Meeting, by) -> Meeting:
    """Undo a cancellation: the meeting is planned again, or held when its date has passed and it
    holds attendance or minutes."""
    if meeting.status != MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is not cancelled."))
    held = meeting.has_come and (bool(meeting.minutes.strip()) or meeting.attendance.exists())
    meeting.status = MeetingStatus.HELD if held else MeetingStatus.PLANNED
    meeting.sequence += 1
    return model_save(meeting, by=by, reason=_("Cancellation undone"))


def meeting_has_record(meeting: Meeting) -> bool:
    """Anything recorded on the meeting: its agenda, minutes, attendance, decisions or action items."""
    return (bool(meeting.agenda.strip()) or bool(meeting.minutes.strip()) or meeting.decisions.exists()
            or meeting.attendance.exists() or meeting.action_items.exists())


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by) -> bool:
    """Delete a meeting. One that holds an agenda, minutes, attendance, decisions or action items is
    only soft-deleted (hidden, restorable, nothing lost); an empty planned meeting is removed (its
    history remains). Returns True when the meeting was soft-deleted."""
    if meeting_has_record(meeting):
        meeting.deleted_at = timezone.now()
        meeting.deleted_by = by
        meeting.sequence += 1
        model_save(meeting, by=by, reason=_("Deleted (restorable)"))
        return True
    ActionItem.objects.filter(meeting=meeting).update(meeting=None)
    delete_guarded(meeting, by=by)
    return False


@transaction.atomic
def meeting_restore(*, meeting: Meeting, by) -> Meeting:
    meeting.deleted_at = None
    meeting.deleted_by = None
    meeting.sequence += 1
    return model_save(meeting, by=by, reason=_("Restored"))


def _refuse_attendance(meeting: Meeting):
    refusal = meeting.attendance_refusal
    if refusal:
        raise ValidationError(refusal)


def _mark_held(meeting: Meeting, *, by, reason):
    """A planned meeting whose date has come is held once something is recorded on it; a future
    meeting is never marked held."""
    if meeting.status == MeetingStatus.PLANNED and meeting.has_come:
        meeting.status = MeetingStatus.HELD
        model_save(meeting, by=by, reason=reason)


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict, by) -> int:
    """Record attendance: `statuses` maps a BodyMember id to present / absent / excused (or "" to
    clear). Refused for a meeting that has not taken place yet, or was cancelled or deleted.
    Recording attendance marks a planned meeting as held. Returns the rows written."""
    _refuse_attendance(meeting)
    members = {m.pk: m for m in BodyMember.objects.filter(body_id=meeting.body_id)}
    current = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    written = 0
    for member_id, status in statuses.items():
        member = members.get(int(member_id))
        if member is None:
            raise ValidationError(_("Attendance names someone who is not a member of this body."))
        row = current.get(member.pk)
        if not status:
            if row is not None:
                delete_guarded(row, by=by, reason=_("Attendance cleared"))
            continue
        if status not in AttendanceStatus.values:
            raise ValidationError(_("Unknown attendance status."))
        if row is None:
            row = Attendance(municipality_id=meeting.municipality_id, meeting=meeting, member=member)
        elif row.status == status:
            continue
        row.status = status
        model_save(row, by=by)
        written += 1
    if any(statuses.values()):
        _mark_held(meeting, by=by, reason=_("Attendance recorded"))
    return written


@transaction.atomic
def attendance_clear(*, attendance: Attendance, by) -> None:
    """Clear one member's attendance of a meeting (as choosing "no answer" in the attendance form):
    the row goes, its history stays and the change log restores it."""
    _refuse_attendance(attendance.meeting)
    delete_guarded(attendance, by=by, reason=_("Attendance cleared"))


@transaction.atomic
def attendance_save(*, attendance: Attendance, by) -> Attendance:
    """One attendance row (the API): the same rules as the attendance form."""
    _refuse_attendance(attendance.meeting)
    model_save(attendance, by=by)
    _mark_held(attendance.meeting, by=by, reason=_("Attendance recorded"))
    return attendance


@transaction.atomic
def meeting_record_minutes(*, meeting: Meeting, minutes: str, by, held: bool = True) -> Meeting:
    """Save the minutes. A planned meeting whose date has come becomes held; minutes written ahead
    of a future meeting (a draft) leave it planned."""
    meeting.minutes = minutes
    if held and meeting.status == MeetingStatus.PLANNED and meeting.has_come:
        meeting.status = MeetingStatus.HELD
    return model_save(meeting, by=by, reason=_("Minutes recorded"))


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, by, number: int | None = None) -> Decision:
    """A numbered decision: numbers run on per body (decision 1, 2, ... across its meetings); the
    next number is assigned unless one is given."""
    body = Body.objects.select_for_update().get(pk=meeting.body_id)
    if number is None:
        number = (Decision.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(municipality_id=meeting.municipality_id, body=body, meeting=meeting, number=number,
                        text=text)
    return model_save(decision, by=by)


def _apply_status(item: ActionItem, status: str):
    """The status and what follows from it: done records when (kept while it stays done)."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == ActionStatus.DONE:
        if item.status != ActionStatus.DONE or item.completed_at is None:
            item.completed_at = timezone.now()
    else:
        item.completed_at = None
    item.status = status


@transaction.atomic
def action_add(*, body: Body, title: str, owner, due_date, by, meeting=None, decision=None,
               notes: str = "", status: str = ActionStatus.OPEN) -> ActionItem:
    item = ActionItem(municipality_id=body.municipality_id, body=body, meeting=meeting, decision=decision,
                      title=title, owner=owner, due_date=due_date, notes=notes)
    _apply_status(item, status)
    return model_save(item, by=by)


ACTION_FIELDS = ("body", "meeting", "decision", "title", "owner", "due_date", "notes")


@transaction.atomic
def action_update(*, item: ActionItem, by, status: str | None = None, **fields) -> ActionItem:
    """Change an action item (the page's and the API's one path): a change of status goes through
    the same rule as the status buttons (done sets `completed_at`, anything else clears it)."""
    set_fields(item, fields, fields=ACTION_FIELDS)
    if status is not None and status != item.status:
        _apply_status(item, status)
    return model_save(item, by=by)


@transaction.atomic
def action_set_status(*, item: ActionItem, status: str, by) -> ActionItem:
    _apply_status(item, status)
    return model_save(item, by=by)


@transaction.atomic
def action_cancel(*, item: ActionItem, by) -> ActionItem:
    """What deleting an action item means: it is cancelled (kept on record, restorable by setting
    its status again)."""
    _apply_status(item, ActionStatus.CANCELLED)
    return model_save(item, by=by, reason=_("Deleted (cancelled)"))


@transaction.atomic
def decision_update(*, decision: Decision, by, **fields) -> Decision:
    """Correct a decision's text (its number, body and meeting stay)."""
    for key in ("body", "meeting", "number"):
        value = fields.pop(key, None)
        current = getattr(decision, key if key == "number" else f"{key}_id")
        if value is not None and current != (value if key == "number" else value.pk):
            raise ValidationError({key: _("A decision keeps its number, body and meeting.")})
    model_update(instance=decision, fields=("text",), data=fields, by=by)
    return decision


def decision_delete(*, decision: Decision, by) -> None:
    """Decisions are part of the record: never deleted."""
    raise ValidationError(_("Decisions are part of the record and cannot be deleted; record a new decision "
                            "instead."), code="protected")


# --- reminders ------------------------------------------------------------------------------------
MEETING_REMINDER = "steering.meeting_reminder"
OVERDUE_REMINDER = "steering.overdue_reminder"


def _remind(*, municipality, kind, reminder_kind, key, person, subject, template, context, url, meeting=None,
            action_item=None) -> bool:
    """Record the reminder and notify it (inbox of the person's account, e-mail to the directory's
    address, after commit) in one transaction. The unique key (ReminderSent, and the notification's
    own) makes it idempotent: a reminder recorded by an earlier or a concurrent run is not sent again.
    A failed e-mail is recorded on the notification and retried by `core.notifications_retry`."""
    address = person.email or (person.user.email if person.user_id else "")
    if not address and not person.user_id:
        return False
    try:
        with transaction.atomic():
            notification = notifications.notify(
                kind=kind, key=key, recipient=person.user if person.user_id else None, email=address,
                municipality=municipality, subject=subject, body_template=template, context=context, url=url)
            if notification is None:
                return False
            ReminderSent.objects.create(municipality_id=municipality.pk, kind=reminder_kind, key=key, recipient=address,
                                        subject=notification.subject[:300], meeting=meeting,
                                        action_item=action_item)
    except IntegrityError:
        return False
    return True


def reminders_send(*, municipality, now=None) -> dict:
    """Remind members of each body about meetings starting within the body's reminder window, and
    owners about their overdue action items. Idempotent: each reminder has a unique key (meeting,
    its start time and the person; action item, its due date and owner), so it is sent once.
    One reminder that fails (bad data, a template error) is logged and skipped: it never stops the
    others. Returns the counts sent, and `failed`."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {"meeting": 0, "overdue": 0, "failed": 0}
    slug = municipality.slug
    meetings = (Meeting.objects.filter(municipality=municipality, deleted_at__isnull=True,
                                       status=MeetingStatus.PLANNED, starts_at__gte=now,
                                       starts_at__lte=now + dt.timedelta(days=30))
                .select_related("body"))
    for meeting in meetings:
        if meeting.starts_at > now + dt.timedelta(days=meeting.body.reminder_days):
            continue
        members = (BodyMember.objects.filter(body_id=meeting.body_id, is_active=True)
                   .select_related("person", "person__user"))
        for member in members:
            key = f"meeting:{meeting.pk}:{meeting.starts_at.isoformat()}:person:{member.person_id}"
            try:
                if _remind(municipality=municipality, kind=MEETING_REMINDER, reminder_kind=ReminderKind.MEETING, key=key, person=member.person,
                           subject=gettext_lazy("Reminder: %(body)s meets on %(date)s"),
                           template="steering/email/meeting_reminder.txt",
                           context={"meeting": meeting, "person": member.person, "municipality": municipality,
                                    "body": meeting.body.name,
                                    "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")},
                           url=reverse("steering:meeting_detail", args=[slug, meeting.pk]), meeting=meeting):
                    sent["meeting"] += 1
            except Exception:  # noqa: BLE001 (one bad reminder never stops the others)
                sent["failed"] += 1
                log.exception("meeting reminder %s of municipality %s failed", key, municipality.pk)
    overdue = (ActionItem.objects.filter(municipality=municipality, status__in=OPEN_ACTION_STATUSES,
                                         due_date__lt=today)
               .select_related("owner", "owner__user", "body"))
    for item in overdue:
        key = f"overdue:{item.pk}:{item.due_date.isoformat()}:person:{item.owner_id}"
        try:
            if _remind(municipality=municipality, kind=OVERDUE_REMINDER, reminder_kind=ReminderKind.OVERDUE, key=key, person=item.owner,
                       subject=gettext_lazy("Overdue task: %(title)s"),
                       template="steering/email/overdue_reminder.txt",
                       context={"item": item, "person": item.owner, "municipality": municipality, "today": today,
                                "title": item.title[:200]},
                       url=reverse("steering:my_actions", args=[slug]), action_item=item):
                sent["overdue"] += 1
        except Exception:  # noqa: BLE001
            sent["failed"] += 1
            log.exception("overdue reminder %s of municipality %s failed", key, municipality.pk)
    return sent


@transaction.atomic
def body_save(*, body: Body, by) -> Body:
    """Save a body edited in a form (new or existing)."""
    return model_save(body, by=by)


def meeting_restore_version(*, instance: Meeting, current, by) -> Meeting:
    """Restore an earlier version of a meeting from the change log: the calendar revision keeps
    going up (calendars that imported it see the change)."""
    if current is not None:
        instance.sequence = current.sequence
    return meeting_save(meeting=instance, by=by)


def register_restores() -> None:
    """Called from the app's `ready`: restores from the change log run the services above."""
    from core import audit

    audit.register_restore(Meeting, meeting_restore_version)
    audit.register_restore(Attendance, lambda *, instance, current, by: attendance_save(attendance=instance, by=by))
    audit.register_restore(Body, lambda *, instance, current, by: body_save(body=instance, by=by))
