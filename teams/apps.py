from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Professional teams")

    def ready(self):
        from core.stages import Stage
        from municipalities import home
        from teams import home as stage_home

        home.register_stage(Stage.TEAMS, stage_home.stage_status)

        from teams import services

        services.register_hooks()
