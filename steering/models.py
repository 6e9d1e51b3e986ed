"""Stage 4: governance bodies and routines (מבנים ושגרות).

A Body (leading team, steering committee, ...) belongs to an initiative, carries its own cadence,
size range and target composition (copied from `steering.defaults` when created, then the user's),
and has members from the municipality's people directory. Meetings have attendance, minutes,
numbered decisions and action items. Meetings that hold minutes or decisions are never hard-deleted:
they are soft-deleted (restorable)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.reference import MobilityDomain, Sector
from core.tenancy import TenantModel
from steering.defaults import BodyKind

# A meeting lasts between a quarter of an hour and twelve hours (the guide's steering committee: 2.5 hours).
MIN_MEETING_MINUTES, MAX_MEETING_MINUTES = 15, 720
DURATION_VALIDATORS = [
    MinValueValidator(MIN_MEETING_MINUTES, message=_("A meeting lasts at least %(limit_value)s minutes.")),
    MaxValueValidator(MAX_MEETING_MINUTES, message=_("A meeting lasts at most %(limit_value)s minutes (12 hours).")),
]


class Body(TenantModel):
    initiative = models.ForeignKey("municipalities.Initiative", on_delete=models.PROTECT, related_name="bodies",
                                   verbose_name=_("initiative"))
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    domain = models.CharField(_("mobility domain"), max_length=30, choices=MobilityDomain.choices, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    chair_title = models.CharField(_("chaired by"), max_length=120, blank=True)
    chair = models.ForeignKey("municipalities.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("chair"))
    min_size = models.PositiveSmallIntegerField(_("minimum size"), null=True, blank=True)
    max_size = models.PositiveSmallIntegerField(_("maximum size"), null=True, blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("required meetings a year"), validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Used to check cadence compliance over the last 12 months."))
    interval_months = models.PositiveSmallIntegerField(
        _("months between meetings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)])
    skip_months = models.JSONField(_("months without meetings"), default=list, blank=True,
                                   help_text=_("Calendar months (1-12) with no meeting, e.g. 8 for August."))
    duration_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=120, validators=DURATION_VALIDATORS)
    composition_target = models.JSONField(_("target composition"), default=dict, blank=True,
                                          help_text=_("Percent of members per sector."))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days before a meeting"), default=3, validators=[MaxValueValidator(30)])
    established_on = models.DateField(_("established on"))
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="steering_body_unique_name",
                                    violation_error_message=_("There is already a body with this name.")),
        ]

    def __str__(self):
        return self.name

    @property
    def skip_month_names(self):
        """The months without meetings by name (August, not 8), in the active language."""
        return [str(MONTHS[m]) for m in sorted(self.skip_months or []) if m in MONTHS]

    def clean(self):
        errors = {}
        if self.min_size and self.max_size and self.min_size > self.max_size:
            errors["max_size"] = _("The maximum size cannot be smaller than the minimum.")
        months = self.skip_months or []
        if not isinstance(months, list) or any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
            errors["skip_months"] = _("Months without meetings must be numbers from 1 to 12.")
        elif len(set(months)) >= 12:
            errors["skip_months"] = _("At least one month must allow meetings.")
        target = self.composition_target or {}
        if not isinstance(target, dict) or any(k not in Sector.values for k in target):
            errors["composition_target"] = _("The target composition names an unknown sector.")
        elif target:
            try:
                values = [int(v) for v in target.values()]
            except (TypeError, ValueError):
                values = [-1]
            if any(v < 0 or v > 100 for v in values):
                errors["composition_target"] = _("Each sector's target must be between 0 and 100 percent.")
            elif sum(values) != 100:
                errors["composition_target"] = _("The target composition must add up to 100%% (it adds up to "
                                                  "%(total)s%%).") % {"total": sum(values)}
        if errors:
            raise ValidationError(errors)


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("body member role", "Chair")
    MEMBER = "member", pgettext_lazy("body member role", "Member")
    OBSERVER = "observer", pgettext_lazy("body member role", "Observer")


class BodyMember(TenantModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("body"))
    person = models.ForeignKey("municipalities.Person", on_delete=models.PROTECT, related_name="body_memberships",
                               verbose_name=_("person"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices,
                              help_text=_("Whom the member represents in this body."))
    role = models.CharField(_("role in the body"), max_length=20, choices=MemberRole.choices,
                            default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["person__full_name"]
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "body", "person"], name="steering_member_once",
                                    violation_error_message=_("This person is already a member of the body.")),
        ]

    def __str__(self):
        return f"{self.person} · {self.body}"



class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Meeting(TenantModel):
    text_limits = {"minutes": 50_000}  # core.textcaps: minutes are the longest text users write

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=120, validators=DURATION_VALIDATORS)
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED, db_index=True)
    minutes = models.TextField(_("minutes"), blank=True)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0,
                                           help_text=_("Raised on every change, for calendar updates."))
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("deleted by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["municipality", "body", "starts_at"])]

    def __str__(self):
        return self.title or str(self.body)

    @property
    def ends_at(self):
        import datetime as dt

        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def display_title(self):
        return self.title or self.body.name

    @property
    def local_date(self):
        return timezone.localdate(self.starts_at) if self.starts_at else None

    @property
    def has_come(self):
        """The meeting's date is today or past (Asia/Jerusalem): only then can it be held."""
        return self.starts_at is not None and self.local_date <= timezone.localdate()

    @property
    def attendance_refusal(self):
        """Why attendance cannot be recorded now ("" when it can)."""
        if self.deleted_at:
            return _("This meeting was deleted: restore it before recording attendance.")
        if self.status == MeetingStatus.CANCELLED:
            return _("This meeting was cancelled: attendance is not recorded for cancelled meetings.")
        if not self.has_come:
            return _("Attendance can be recorded from the meeting's date on; this meeting has not taken place yet.")
        return ""

    def clean(self):
        if self.body_id:
            established = self.body.established_on
            if self.starts_at and established and self.local_date < established:
                raise ValidationError({"starts_at": _(
                    "The body was established on %(established)s; a meeting cannot be before that (this one is "
                    "on %(date)s).") % {"established": established.strftime("%d/%m/%Y"),
                                        "date": self.local_date.strftime("%d/%m/%Y")}})
        if self.status == MeetingStatus.HELD and self.starts_at and not self.has_come:
            raise ValidationError({"status": _("A meeting can be marked held only from its date on; this one is "
                                               "on %(date)s.") % {"date": self.local_date.strftime("%d/%m/%Y")}})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")


class Attendance(TenantModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance",
                                verbose_name=_("meeting"))
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="attendance",
                               verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["member__person__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "meeting", "member"], name="steering_attendance_once"),
        ]

    def __str__(self):
        return f"{self.member.person} · {self.get_status_display()}"

    def clean(self):
        if self.meeting_id:
            refusal = self.meeting.attendance_refusal
            if refusal:
                raise ValidationError({"meeting": refusal})
        if self.member_id and self.meeting_id and self.member.body_id != self.meeting.body_id:
            raise ValidationError({"member": _("The member does not belong to this meeting's body.")})


class Decision(TenantModel):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name=_("meeting"))
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["body", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "body", "number"], name="steering_decision_number",
                                    violation_error_message=_("This body already has a decision with this "
                                                              "number.")),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def clean(self):
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            raise ValidationError({"meeting": _("The meeting belongs to another body.")})


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("action item status", "In progress")
    DONE = "done", pgettext_lazy("action item status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("action item status", "Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
MIN_DUE_YEAR = 2000


class ActionItem(TenantModel):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("body"))
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="action_items", verbose_name=_("meeting"))
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="action_items", verbose_name=_("decision"))
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey("municipalities.Person", on_delete=models.PROTECT, related_name="action_items",
                              verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["municipality", "status", "due_date"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in OPEN_ACTION_STATUSES

    def clean(self):
        errors = {}
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            errors["meeting"] = _("The meeting belongs to another body.")
        if self.decision_id and self.body_id and self.decision.body_id != self.body_id:
            errors["decision"] = _("The decision belongs to another body.")
        if self.due_date and self.due_date.year < MIN_DUE_YEAR:
            errors["due_date"] = _("Enter a realistic due date (from the year %(year)s on).") % {"year": MIN_DUE_YEAR}
        elif self.due_date and self.meeting_id and self.meeting.starts_at and "meeting" not in errors \
                and self.due_date < self.meeting.local_date:
            errors["due_date"] = _("The task is due before the meeting that set it (%(date)s): choose a date from "
                                   "the meeting on.") % {"date": self.meeting.local_date.strftime("%d/%m/%Y")}
        if errors:
            raise ValidationError(errors)


class ReminderKind(models.TextChoices):
    MEETING = "meeting", _("Upcoming meeting")
    OVERDUE = "overdue", _("Overdue action item")


class ReminderSent(TenantModel):
    """One row per reminder e-mail sent. The unique key makes sending idempotent: a reminder whose
    key exists is never sent again, even when two workers run the job at the same time (the second
    insert fails on the constraint and that worker sends nothing)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    key = models.CharField(_("key"), max_length=200)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action_item = models.ForeignKey(ActionItem, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="steering_reminder_once"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.subject}"
