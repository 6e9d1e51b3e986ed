"""Notifications: the one place that tells a person something happened.

    notify(recipient=user, kind="mou.sent_for_signature", key=f"{version.pk}:user:{user.pk}",
           municipality=m, subject=gettext_lazy("Please sign: %(title)s"),
           body_template="mou/email/sent_for_signature.txt", context={...}, url=...)

- One call records an in-app `Notification` (when the recipient has an account) and e-mails it (when
  there is an address) **after the transaction commits**: a rolled-back write notifies nobody.
- `kind` + `key` name the notification. They are unique (a database constraint), so the same
  notification is never recorded or sent twice, whether the caller runs twice, a task is retried or
  two workers race: the second call returns None. Put the recipient in the key.
- Subject and text are rendered in the **recipient's language** (`User.language`; an address
  without an account gets LANGUAGE_CODE), from lazy strings interpolated with `context`
  (`%(name)s`) or from plain-text templates. Plain text is rendered with autoescape off, whatever
  the template says, so a name like ג'מאל אבו "ראס" stays as typed; subjects lose their line breaks
  (a newline in a header is refused by the mail library).
- Sending is a Celery task (`core.notification_send`); a failure is logged on the row and retried
  by the beat task `core.notifications_retry`, never raised into the caller.
- Read them with `inbox(user)`, `unread_for(user)`; a user only ever sees their own notifications,
  of municipalities they may still see (`Notification.objects.for_user`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from core.models import Notification

log = logging.getLogger("yishuv.notifications")

SUBJECT_MAX = 200
MAX_EMAIL_ATTEMPTS = 5
RETRY_WINDOW = dt.timedelta(days=3)
RETRY_GRACE = dt.timedelta(minutes=5)  # a queued e-mail younger than this is still on its way


# --- rendering -------------------------------------------------------------------------------------
def render_plain(template_name: str, context: dict | None = None) -> str:
    """Render a plain-text template with autoescape off (e-mails are not HTML)."""
    template = get_template(template_name)
    text = template.template.render(Context(dict(context or {}), autoescape=False))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_subject(value) -> str:
    """One line, no control characters, bounded length."""
    return " ".join(str(value).split())[:SUBJECT_MAX]


def _interpolate(message, context: dict) -> str:
    text = str(message)
    if context and "%(" in text:
        text = text % context
    return text


def _render(*, language, subject, subject_template, body, body_template, email_body_template, context):
    with translation.override(language):
        if subject_template:
            subject_text = render_plain(subject_template, context)
        else:
            subject_text = _interpolate(subject, context)
        if body_template:
            body_text = render_plain(body_template, context)
        else:
            body_text = _interpolate(body, context) if body is not None else ""
        email_text = render_plain(email_body_template, context) if email_body_template else ""
    return clean_subject(subject_text), body_text, email_text


def recipient_language(recipient) -> str:
    supported = {code for code, _ in settings.LANGUAGES}
    language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    return language if language in supported else settings.LANGUAGE_CODE


def _full_key(kind: str, key) -> str:
    full = f"{kind}:{key}"
    if len(full) > 255:
        full = f"{kind}:sha256:{hashlib.sha256(str(key).encode()).hexdigest()}"
    return full


# --- the service ---------------------------------------------------------------------------------
def notify(*, kind: str, key, recipient=None, email: str | None = None, municipality=None,
           subject=None, subject_template: str | None = None, body=None, body_template: str | None = None,
           email_body_template: str | None = None, url: str = "", context: dict | None = None,
           send_email: bool = True) -> Notification | None:
    """Record a notification for `recipient` (a User) and e-mail it after commit; or, with no
    recipient, only e-mail `email` (a person without an account). Returns the new notification, or
    None when this kind+key was already notified (or there is nobody to tell).

    `subject` / `body`: lazy strings with `%(name)s` placeholders filled from `context`; or
    `subject_template` / `body_template`: plain-text templates rendered with `context`.
    `email_body_template`: an e-mail text different from the inbox text (kept only until sent).
    """
    if subject is None and not subject_template:
        raise ValueError("notify() needs a subject or a subject_template")
    if recipient is not None and not getattr(recipient, "is_active", True):
        return None
    address = (email if email is not None else getattr(recipient, "email", "")) or ""
    address = address.strip() if send_email else ""
    if recipient is None and not address:
        return None
    full_key = _full_key(kind, key)
    existing = Notification.objects.filter(key=full_key).first()
    if existing is not None:
        _queue_email_if_unsent(existing)
        return None
    language = recipient_language(recipient)
    subject_text, body_text, email_text = _render(
        language=language, subject=subject, subject_template=subject_template, body=body,
        body_template=body_template, email_body_template=email_body_template, context=context or {})
    municipality_id = getattr(municipality, "pk", municipality)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=full_key, kind=kind, recipient=recipient, email=address, municipality_id=municipality_id,
                language=language, subject=subject_text, body=body_text, email_body=email_text, url=url or "")
    except IntegrityError:
        log.info("notification %s already recorded (concurrent call)", full_key)
        return None
    if address:
        transaction.on_commit(partial(_queue_email, notification.pk), robust=True)
    return notification


def next_key(*, kind: str, prefix: str) -> str:
    """For an event that may rightly repeat (an invitation sent again): `<prefix>:<n>` with n one more
    than the notifications of this kind and prefix so far. Two calls racing get the same key, so
    they still notify once."""
    count = Notification.objects.filter(key__startswith=_full_key(kind, f"{prefix}:")).count()
    return f"{prefix}:{count + 1}"


# --- e-mail --------------------------------------------------------------------------------------
def _queue_email(notification_id: int) -> None:
    from core.tasks import notification_send

    notification_send.delay(notification_id=notification_id)


def _queue_email_if_unsent(notification: Notification) -> None:
    """A repeated call for a notification whose e-mail failed earlier tries the e-mail again."""
    if notification.email and notification.emailed_at is None and notification.email_attempts \
            and notification.email_attempts < MAX_EMAIL_ATTEMPTS:
        transaction.on_commit(partial(_queue_email, notification.pk), robust=True)


def send_email(notification_id: int) -> bool:
    """Send one notification's e-mail, at most once: the row is claimed (`emailed_at` set) before
    sending, so a second worker finds nothing to do. A failure is logged and recorded on the row,
    which the retry task picks up later; it never propagates."""
    claimed = (Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)
               .exclude(email="").filter(email_attempts__lt=MAX_EMAIL_ATTEMPTS)
               .update(emailed_at=timezone.now(), email_attempts=F("email_attempts") + 1))
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        EmailMessage(subject=clean_subject(notification.subject),
                     body=notification.email_body or notification.body,
                     from_email=None, to=[notification.email]).send()
    except Exception as exc:  # noqa: BLE001 (any backend failure: recorded, retried, never raised)
        log.exception("e-mail of notification %s (%s) failed", notification.pk, notification.kind)
        Notification.objects.filter(pk=notification.pk).update(
            emailed_at=None, email_error=f"{exc.__class__.__name__}: {exc}"[:300])
        return False
    Notification.objects.filter(pk=notification.pk).update(email_body="", email_error="")
    return True


def retry_unsent(*, now=None) -> int:
    """E-mails that failed (or whose task was lost) in the last days, fewer than the attempt limit:
    try once more. Returns how many went out."""
    now = now or timezone.now()
    ids = list(Notification.objects.filter(emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS,
                                           created_at__gte=now - RETRY_WINDOW,
                                           created_at__lte=now - RETRY_GRACE)
               .exclude(email="").order_by("pk").values_list("pk", flat=True)[:500])
    return sum(1 for pk in ids if send_email(pk))


# --- recipients ------------------------------------------------------------------------------------
def hq_users():
    """Foundation HQ staff and admins who can sign in (recipients of platform-wide news)."""
    from accounts.models import User
    from core.roles import PlatformRole

    return User.objects.filter(is_active=True, is_service_account=False,
                               platform_role__in=[PlatformRole.HQ_STAFF, PlatformRole.HQ_ADMIN]).order_by("pk")


# --- reads (the inbox, the header badge, the home page) ---------------------------------------------
def inbox(user):
    """The user's notifications, unread first, newest first."""
    return (Notification.objects.for_user(user)
            .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")
            .select_related("municipality"))


def unread_count(user) -> int:
    """One query: the number behind the header badge."""
    return Notification.objects.for_user(user).unread().count()


def unread_for(user, *, limit: int = 5) -> dict:
    """For a home page: `{"count": n, "latest": [up to `limit` unread notifications, newest first]}`."""
    rows = list(Notification.objects.for_user(user).unread().order_by("-created_at", "-pk")
                .select_related("municipality")[:limit])
    count = len(rows) if len(rows) < limit else unread_count(user)
    return {"count": count, "latest": rows}


def mark_read(*, user, notification_id) -> Notification:
    """Mark one of the user's own notifications read (Notification.DoesNotExist for anybody else's)."""
    notification = Notification.objects.for_user(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
