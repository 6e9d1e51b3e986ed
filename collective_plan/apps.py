from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectivePlanConfig(AppConfig):
    name = "collective_plan"
    verbose_name = _("Collective plan")
