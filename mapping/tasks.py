"""Scheduled jobs of stage 5 (thin: ids in, services do the work, idempotent)."""
import logging

from celery import shared_task

from core.tasks import tenant_task

log = logging.getLogger(__name__)


@shared_task(name="mapping.notify_stale_golden_data")
def notify_stale_golden_data():
    """Beat entry: every municipality with golden data, each in its own scope; one failure never
    stops the others. The notices are keyed by indicator and year, so a daily run tells once."""
    from mapping import selectors

    total = failed = 0
    for municipality_id in selectors.network_municipality_ids():
        try:
            total += notify_stale_golden_data_for(municipality_id=municipality_id)
        except Exception:  # noqa: BLE001
            log.exception("stale golden-data check of municipality %s failed", municipality_id)
            failed += 1
    return {"notified": total, "failed": failed}


@shared_task(name="mapping.notify_stale_golden_data_for")
@tenant_task
def notify_stale_golden_data_for(*, municipality_id):
    from mapping import services
    from municipalities.models import Municipality

    return services.golden_stale_notify(municipality=Municipality.objects.get(pk=municipality_id))
