"""Celery application. Tasks run eagerly unless REDIS_URL is set (see settings.base)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("yishuv")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
