from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Platform core")

    def ready(self):
        from celery.schedules import crontab

        from config.celery import app

        # Notification e-mails that failed are tried again every quarter of an hour.
        app.conf.beat_schedule["core-notifications-retry"] = {
            "task": "core.notifications_retry",
            "schedule": crontab(minute="*/15"),
        }


class YishuvAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "core.admin_site.YishuvAdminSite"
