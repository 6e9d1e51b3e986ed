"""Rows of every teams model (and the design forum's LocalGoal) for the isolation test."""
from core import tenancy
from design_forum.models import LocalGoal
from teams.models import ProfessionalTeam, TeamOutput, TrackItem
from tests.steering.factories import BodyFactory


def build(*, tenant, marker):
    m = tenant.municipality
    with tenancy.scope_all():
        goal = LocalGoal.objects.create(municipality=m, title=f"{marker} goal", description=marker,
                                        domain="education")
        body = BodyFactory(initiative=tenant.initiative, municipality=m, name=f"{marker} team",
                           kind="professional_team", meetings_per_year=4, skip_months=[])
        team = ProfessionalTeam.objects.create(municipality=m, body=body, domain="education", local_goal=goal,
                                               mandate=marker)
        TrackItem.objects.create(municipality=m, team=team, session=1, key="acquaintance", label=f"{marker} item",
                                 note=marker)
        TeamOutput.objects.create(municipality=m, team=team, kind="policy_document", title=f"{marker} output")
