"""Reads of stage 4. The compliance and overdue pages use a fixed number of queries however many
meetings exist (tests pin the counts)."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.reference import Sector
from steering import cadence
from steering.defaults import BodyKind as BodyKind  # re-exported: other stages name body kinds from here
from steering.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyMember,
    Decision,
    Meeting,
    MeetingStatus,
)

# attendance counts on meetings that were not cancelled (deleted ones are excluded separately)
COUNTED_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.HELD)


def _window(today=None):
    """The last 12 months, ending today (inclusive)."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=365), today


def _aware(date):
    return timezone.make_aware(dt.datetime.combine(date, dt.time.min), timezone.get_default_timezone())


def body_list(*, municipality):
    """Bodies with their active member count and next meeting."""
    now = timezone.now()
    return (Body.objects.filter(municipality=municipality)
            .annotate(member_count=Count("members", filter=Q(members__is_active=True), distinct=True))
            .prefetch_related(Prefetch("meetings", to_attr="upcoming", queryset=Meeting.objects.filter(
                deleted_at__isnull=True, status=MeetingStatus.PLANNED, starts_at__gte=now).order_by("starts_at")))
            .order_by("kind", "name"))


def member_list(*, body, active_only=True):
    qs = BodyMember.objects.filter(body=body).select_related("person", "person__organization")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


@dataclass
class CompositionRow:
    sector: str
    label: str
    count: int
    percent: float
    target: float | None

    @property
    def gap(self):
        return None if self.target is None else round(self.percent - self.target, 1)


@dataclass
class Composition:
    rows: list
    size: int
    size_warning: str      # "" / "below" / "above"
    off_target: list       # rows more than the tolerance away from their target
    tolerance: int = 10


def body_composition(*, body, members=None) -> Composition:
    """Members by sector against the body's target, with warnings for size and balance."""
    members = list(members if members is not None else member_list(body=body))
    size = len(members)
    counts = {}
    for m in members:
        counts[m.sector] = counts.get(m.sector, 0) + 1
    target = {k: float(v) for k, v in (body.composition_target or {}).items()}
    rows = []
    for value, label in Sector.choices:
        count = counts.get(value, 0)
        if not count and value not in target:
            continue
        rows.append(CompositionRow(sector=value, label=str(label), count=count,
                                   percent=round(100 * count / size, 1) if size else 0.0,
                                   target=target.get(value, 0.0 if target else None)))
    size_warning = ""
    if body.min_size and size < body.min_size:
        size_warning = "below"
    elif body.max_size and size > body.max_size:
        size_warning = "above"
    off = [r for r in rows if r.target is not None and size and abs(r.percent - r.target) > 10]
    return Composition(rows=rows, size=size, size_warning=size_warning, off_target=off)


def meeting_list(*, body, include_deleted=False):
    qs = Meeting.objects.filter(body=body).annotate(
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT), distinct=True),
        decision_count=Count("decisions", distinct=True))
    if not include_deleted:
        qs = qs.filter(deleted_at__isnull=True)
    return qs.order_by("starts_at")


def meeting_sequence(*, body_id: int, limit: int | None = None) -> list[Meeting]:
    """The body's meetings that take place (not cancelled, not deleted), in date order: the n-th
    of them is the body's n-th session (stage 7's four-session track reads it)."""
    qs = (Meeting.objects.filter(body_id=body_id, deleted_at__isnull=True)
          .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"))
    return list(qs[:limit] if limit is not None else qs)


def deleted_meetings(*, municipality):
    return (Meeting.objects.filter(municipality=municipality, deleted_at__isnull=False)
            .select_related("body", "deleted_by").order_by("-deleted_at"))


def meeting_attendance(*, meeting):
    """Every member of the body (active, or recorded at this meeting) with their recorded status."""
    recorded = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    members = BodyMember.objects.filter(Q(is_active=True) | Q(pk__in=list(recorded)), body_id=meeting.body_id) \
        .select_related("person")
    return [(m, recorded.get(m.pk)) for m in members]


def attendance_rates(*, body, today=None):
    """Per member: meetings recorded, present, absent, excused and the rate (present / recorded),
    over the body's meetings in the last 12 months (cancelled and deleted meetings do not count,
    as in compliance). One query."""
    start, end = _window(today)
    rows = (Attendance.objects.filter(member__body=body, meeting__deleted_at__isnull=True,
                                      meeting__status__in=COUNTED_STATUSES,
                                      meeting__starts_at__gte=_aware(start),
                                      meeting__starts_at__lt=_aware(end + dt.timedelta(days=1)))
            .values("member_id", "member__person__full_name")
            .annotate(recorded=Count("id"),
                      present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
                      absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
                      excused=Count("id", filter=Q(status=AttendanceStatus.EXCUSED)))
            .order_by("member__person__full_name"))
    result = []
    for r in rows:
        result.append({"member_id": r["member_id"], "name": r["member__person__full_name"],
                       "recorded": r["recorded"], "present": r["present"], "absent": r["absent"],
                       "excused": r["excused"], "rate": _rate(r["present"], r["recorded"])})
    return result


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class ComplianceRow:
    body: Body
    required: int
    held: int
    planned_ahead: int
    attendance_rate: float | None

    @property
    def compliant(self):
        return self.held >= self.required

    @property
    def ratio(self):
        return _rate(self.held, self.required) if self.required else None


def compliance(*, municipality, today=None) -> list[ComplianceRow]:
    """Cadence compliance of every active body: meetings held over the last 12 months against what
    its cadence requires (prorated for bodies established inside the window), with the body's
    attendance rate. Two queries, however many meetings exist."""
    start, end = _window(today)
    lo, hi = _aware(start), _aware(end + dt.timedelta(days=1))
    in_window = Q(meetings__deleted_at__isnull=True, meetings__starts_at__gte=lo, meetings__starts_at__lt=hi)
    bodies = list(Body.objects.filter(municipality=municipality, is_active=True)
                  .annotate(held=Count("meetings", filter=in_window & Q(meetings__status=MeetingStatus.HELD)),
                            ahead=Count("meetings", filter=Q(meetings__deleted_at__isnull=True,
                                                             meetings__status=MeetingStatus.PLANNED,
                                                             meetings__starts_at__gte=hi)))
                  .order_by("kind", "name"))
    attendance = {r["meeting__body_id"]: r for r in (
        Attendance.objects.filter(meeting__body__municipality=municipality, meeting__deleted_at__isnull=True,
                                  meeting__status__in=COUNTED_STATUSES,
                                  meeting__starts_at__gte=lo, meeting__starts_at__lt=hi)
        .values("meeting__body_id")
        .annotate(recorded=Count("id"), present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)))
        .order_by())}
    rows = []
    for body in bodies:
        a = attendance.get(body.pk, {})
        rows.append(ComplianceRow(
            body=body,
            required=cadence.required_meetings(meetings_per_year=body.meetings_per_year,
                                               established_on=body.established_on, window_start=start,
                                               window_end=end),
            held=body.held, planned_ahead=body.ahead,
            attendance_rate=_rate(a.get("present", 0), a.get("recorded", 0))))
    return rows


def overdue_actions(*, municipality, today=None, owner_user=None):
    """Open action items past their due date, across all bodies (only `owner_user`'s when given).
    One query."""
    today = today or timezone.localdate()
    qs = ActionItem.objects.filter(municipality=municipality, status__in=OPEN_ACTION_STATUSES, due_date__lt=today)
    if owner_user is not None:
        qs = qs.filter(owner__user=owner_user)
    return qs.select_related("body", "owner", "decision", "meeting").order_by("due_date", "pk")


def upcoming_meetings(*, municipality, member_user=None, now=None):
    """Planned meetings from now on, soonest first, across the active bodies (only those in which
    `member_user` is an active member, when given). One query (slice it)."""
    now = now or timezone.now()
    qs = Meeting.objects.filter(municipality=municipality, deleted_at__isnull=True, status=MeetingStatus.PLANNED,
                                starts_at__gte=now, body__is_active=True)
    if member_user is not None:
        qs = qs.filter(body__members__person__user=member_user, body__members__is_active=True).distinct()
    return qs.select_related("body").order_by("starts_at", "pk")


def governance_progress(*, municipality) -> dict:
    """For the initiative home: active bodies, meetings held, and the body kinds that have held a
    meeting. One query."""
    rows = list(Body.objects.filter(municipality=municipality, is_active=True)
                .annotate(held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD,
                                                          meetings__deleted_at__isnull=True)))
                .values_list("kind", "held"))
    return {"bodies": len(rows), "held": sum(h for _k, h in rows), "kinds_meeting": {k for k, h in rows if h}}


def my_actions(*, user, municipality):
    """The open action items whose owner is the signed-in user's person in this municipality."""
    return (ActionItem.objects.filter(municipality=municipality, owner__user=user, status__in=OPEN_ACTION_STATUSES)
            .select_related("body", "owner", "decision", "meeting").order_by("due_date", "pk"))


def body_actions(*, body):
    return ActionItem.objects.filter(body=body).select_related("owner", "decision", "meeting") \
        .order_by("status", "due_date")


def meeting_decisions(*, meeting):
    return Decision.objects.filter(meeting=meeting).order_by("number")


def fellow_member_person_ids(*, user, municipality) -> set[int]:
    """The people who sit with `user` in an active body of the municipality (the user's own person
    included): members of the same body see each other's contact details. One query."""
    mine = BodyMember.objects.filter(municipality=municipality, person__user=user, is_active=True,
                                     body__is_active=True).values("body_id")
    return set(BodyMember.objects.filter(municipality=municipality, body_id__in=mine, is_active=True)
               .values_list("person_id", flat=True))
