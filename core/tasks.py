"""Celery helpers: tasks take ids, enter the municipality's tenant scope, and are idempotent."""
from functools import wraps

from celery import shared_task

from core import tenancy


def tenant_task(func):
    """Run a task body inside the scope of `municipality_id` (a required keyword argument)."""

    @wraps(func)
    def wrapper(*args, municipality_id, **kwargs):
        with tenancy.scope(int(municipality_id)):
            return func(*args, municipality_id=municipality_id, **kwargs)

    return wrapper



@shared_task(name="core.import_job_run", soft_time_limit=60 * 60, time_limit=60 * 60 + 60)
def import_job_run(*, job_id: int, action: str, user_id: int):
    """Check or apply an uploaded spreadsheet (core/imports.py) with progress; idempotent: a job
    already applied is not applied again."""
    from django.contrib.auth import get_user_model

    from core import imports
    from core.models import ImportJob, ImportJobStatus

    job = ImportJob.all_municipalities.filter(pk=job_id).first()
    if job is None or job.status == ImportJobStatus.DONE:
        return None
    by = get_user_model().objects.get(pk=user_id)
    preview = imports.check(job) if action == "check" else imports.apply(job, by=by)
    return preview.counts()


@shared_task(name="core.notification_send")
def notification_send(*, notification_id: int) -> bool:
    """E-mail one notification (queued by `core.notifications.notify` after commit). Idempotent."""
    from core import notifications

    return notifications.send_email(notification_id)


@shared_task(name="core.notifications_retry")
def notifications_retry() -> int:
    """Beat entry: e-mails of notifications that failed earlier, tried again."""
    from core import notifications

    return notifications.retry_unsent()


@shared_task(name="core.pdf_render", soft_time_limit=60, time_limit=90)
def pdf_render(*, html: str, base_url: str, key: str) -> bool:
    """Convert a printable page to PDF and cache it (`core.pdf`); bounded in time there as well."""
    from core import pdf

    return pdf.convert_and_cache(html=html, base_url=base_url, key=key)
