from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Mapping and status picture")

    def ready(self):
        from celery.schedules import crontab

        from config.celery import app

        # Every morning at 06:30 Israel time: owners of stale golden data are told (once a year each).
        app.conf.beat_schedule["mapping-stale-golden-data"] = {
            "task": "mapping.notify_stale_golden_data",
            "schedule": crontab(hour=6, minute=30),
        }
