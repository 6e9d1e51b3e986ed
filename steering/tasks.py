"""Scheduled jobs of stage 4 (thin: ids in, services do the work, idempotent)."""
import logging

from celery import shared_task

from core.tasks import tenant_task

log = logging.getLogger(__name__)


@shared_task(name="steering.send_reminders")
def send_reminders():
    """Beat entry: reminders for every municipality that has bodies, each in its own scope."""
    from steering.models import Body

    ids = sorted(set(Body.all_municipalities.filter(is_active=True).values_list("municipality_id", flat=True)))
    totals = {"meeting": 0, "overdue": 0, "failed": 0}
    for municipality_id in ids:
        try:  # one municipality's failure never stops another's reminders
            result = send_reminders_for(municipality_id=municipality_id)
        except Exception:  # noqa: BLE001
            log.exception("reminders of municipality %s failed", municipality_id)
            totals["failed"] += 1
            continue
        for key in totals:
            totals[key] += result.get(key, 0)
    return totals


@shared_task(name="steering.send_reminders_for")
@tenant_task
def send_reminders_for(*, municipality_id):
    from municipalities.models import Municipality
    from steering import services

    municipality = Municipality.objects.get(pk=municipality_id)
    return services.reminders_send(municipality=municipality)
