"""Platform models of `core`."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import tenancy


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
