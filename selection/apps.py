from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Locality selection")

    def ready(self):
        from core.stages import Stage
        from municipalities import home
        from selection import home as stage_home

        home.register_stage(Stage.SELECTION, stage_home.stage_status)
