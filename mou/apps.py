from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MouConfig(AppConfig):
    name = "mou"
    verbose_name = _("Agreements (MOU) and the local director")

    def ready(self):
        from mou import (
            rules,  # noqa: F401  (registers the permissions)
            services,
        )

        services.register_restores()
        from mou.approvals import awaiting_signature
        from municipalities import approvals

        approvals.register(awaiting_signature)

        from core.stages import Stage
        from mou import home as mou_home
        from municipalities import home

        home.register_stage(Stage.MOU, mou_home.agreement_status)
        home.register_stage(Stage.LOCAL_DIRECTOR, mou_home.director_status)
