from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignForumConfig(AppConfig):
    name = "design_forum"
    verbose_name = _("Design forum, shared agenda and local goals")

    def ready(self):
        from design_forum import services

        services.register_restores()
