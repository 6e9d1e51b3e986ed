"""Platform-wide models of `core`. Read and write them through the modules that own them (for
notifications, `core.notifications`)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
