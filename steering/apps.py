from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Governance bodies and meetings")

    def ready(self):
        from celery.schedules import crontab

        from municipalities import rules as municipality_rules
        from steering.selectors import fellow_member_person_ids

        municipality_rules.register_peers(fellow_member_person_ids)

        from core.stages import Stage
        from municipalities import home
        from steering import home as steering_home

        home.register_stage(Stage.GOVERNANCE, steering_home.stage_status)
        home.register_work(steering_home.work)

        from steering import services

        services.register_restores()

        from config.celery import app

        # Every morning at 07:00 Israel time: meeting reminders and overdue-action reminders.
        app.conf.beat_schedule["steering-reminders"] = {
            "task": "steering.send_reminders",
            "schedule": crontab(hour=7, minute=0),
        }
