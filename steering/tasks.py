"""Scheduled jobs of stage 4 (thin: ids in, services do the work, idempotent)."""
from celery import shared_task

from core.tasks import tenant_task


@shared_task(name="steering.send_reminders")
def send_reminders():
    """Beat entry: reminders for every municipality that has bodies, each in its own scope."""
    from steering.models import Body

    ids = sorted(set(Body.all_municipalities.filter(is_active=True).values_list("municipality_id", flat=True)))
    totals = {"meeting": 0, "overdue": 0}
    for municipality_id in ids:
        result = send_reminders_for(municipality_id=municipality_id)
        for key in totals:
            totals[key] += result[key]
    return totals


@shared_task(name="steering.send_reminders_for")
@tenant_task
def send_reminders_for(*, municipality_id):
    from municipalities.models import Municipality
    from steering import services

    municipality = Municipality.objects.get(pk=municipality_id)
    return services.reminders_send(municipality=municipality)
