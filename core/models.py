"""Platform-wide models of `core`. Read and write them through the modules that own them (for
notifications, `core.notifications`; for import jobs, `core.imports`)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import tenancy


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own notifications, and of those only the ones of municipalities they may see now
        (a member who left B no longer reads B's notifications); platform-wide ones (no municipality)
        too. Fails closed: an anonymous user gets nothing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from core import access

        rows = self.filter(recipient=user)
        scope = access.visible_scope(user)
        if scope.is_all:
            return rows
        return rows.filter(models.Q(municipality__isnull=True) | models.Q(municipality_id__in=scope.ids))

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One notification to one recipient: an entry in the in-app inbox (when the recipient has an
    account) and an e-mail (when they have an address). `key` names the event for this recipient
    and is unique, so the same notification is never recorded, nor sent, twice.

    Written only by `core.notifications.notify` (and marked read by the recipient); no history:
    it is the record of what the platform sent, not user data that can be edited or restored."""

    key = models.CharField(_("key"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="notifications", verbose_name=_("recipient"))
    email = models.EmailField(_("e-mail address"), blank=True)
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="+", verbose_name=_("municipality"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    # The e-mail's own text when it differs from the inbox text (an invitation's sign-in link): kept
    # only until it is sent.
    email_body = models.TextField(blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None



class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", pgettext_lazy("import job", "Uploaded")
    VALIDATING = "validating", pgettext_lazy("import job", "Checking the file")
    PREVIEWED = "previewed", pgettext_lazy("import job", "Ready to apply")
    INVALID = "invalid", pgettext_lazy("import job", "The file has errors")
    APPLYING = "applying", pgettext_lazy("import job", "Applying")
    DONE = "done", pgettext_lazy("import job", "Applied")
    FAILED = "failed", pgettext_lazy("import job", "Failed")


class ImportJob(models.Model):
    """One uploaded spreadsheet on its way through check → preview → apply (core/imports.py).

    A job of a municipality is tenant-scoped like every tenant model (`objects` is filtered by the
    active scope and raises without one); a platform-wide job (`municipality` empty: the CBS registry,
    indicator catalogues) is visible only in the all-municipalities scope HQ pages run in."""

    tenant_field = "municipality_id"
    RUNNING = (ImportJobStatus.VALIDATING, ImportJobStatus.APPLYING)

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("municipality"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("uploaded by"))
    kind = models.CharField(_("kind"), max_length=80)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportJobStatus.choices,
                              default=ImportJobStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = tenancy.TenantManager()
    all_municipalities = tenancy.UnscopedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        base_manager_name = "all_municipalities"
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["municipality", "kind", "-created_at"])]

    def __str__(self):
        return f"{self.kind} · {self.original_name} · {self.get_status_display()}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.is_running else 100
        return min(100, int(self.processed_rows * 100 / self.total_rows))
