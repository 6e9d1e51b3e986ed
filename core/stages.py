"""The ten stages of the roadmap and where each lives in the application.

The navigation, the initiative home's timeline and the HQ table all read this one list.
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.IntegerChoices):
    SELECTION = 1, _("Locality selection")
    MOU = 2, _("Building agreements (MOU)")
    LOCAL_DIRECTOR = 3, _("The local director")
    GOVERNANCE = 4, _("Governance bodies and routines")
    MAPPING = 5, _("Mapping and status picture")
    DESIGN_FORUM = 6, _("Design forum, shared agenda and local goals")
    TEAMS = 7, _("Professional teams")
    COLLECTIVE_PLAN = 8, _("Collective plan")
    INVESTMENTS = 9, _("Investment portfolio and leverage")
    COMPASS = 10, _("Infrastructure outcomes compass")


@dataclass(frozen=True)
class StageEntry:
    stage: Stage
    url_name: str  # a URL name taking the municipality slug; selection is HQ-wide
    tenant: bool = True

    @property
    def label(self):
        return self.stage.label


STAGES = [
    StageEntry(Stage.SELECTION, "selection:index", tenant=False),
    StageEntry(Stage.MOU, "mou:index"),
    StageEntry(Stage.LOCAL_DIRECTOR, "mou:director"),
    StageEntry(Stage.GOVERNANCE, "steering:index"),
    StageEntry(Stage.MAPPING, "mapping:index"),
    StageEntry(Stage.DESIGN_FORUM, "design_forum:index"),
    StageEntry(Stage.TEAMS, "teams:index"),
    StageEntry(Stage.COLLECTIVE_PLAN, "collective_plan:index"),
    StageEntry(Stage.INVESTMENTS, "investments:index"),
    StageEntry(Stage.COMPASS, "compass:index"),
]
