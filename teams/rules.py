"""Permissions of stage 7."""
import rules

from core.access import can_manage_municipality, can_view_municipality, has_role, is_approver
from core.roles import Role

# The domain lead's appointment is an act of the municipal CEO's own account: nobody else, not the
# head of authority, not the local director, not HQ.
is_municipal_ceo = has_role(Role.MUNICIPAL_CEO)
can_manage_teams = can_manage_municipality | is_approver

rules.add_perm("teams.view", can_view_municipality)
rules.add_perm("teams.manage", can_manage_teams)
rules.add_perm("teams.appoint_lead", is_municipal_ceo)


@rules.predicate
def is_appointed_lead(user, team):
    """The person the CEO appointed as this team's domain lead (whatever their membership role)."""
    lead = team.domain_lead if team.domain_lead_id else None
    return bool(lead is not None and lead.user_id and lead.user_id == getattr(user, "pk", None))


@rules.predicate
def manages_teams_of(user, team):
    return can_manage_teams(user, team.municipality)


# Work on a team's checklist and outputs: its appointed domain lead, and those who manage the
# municipality's teams (local director, HQ admin, CEO / head of authority). Other domain leads may
# not: the permission is per team, not per role.
rules.add_perm("teams.work", is_appointed_lead | manages_teams_of)
