"""Permissions of stage 7."""
import rules

from core.access import can_manage_municipality, can_view_municipality, has_role, is_approver, is_domain_lead
from core.roles import Role

# The domain lead's appointment is an act of the municipal CEO's own account: nobody else, not the
# head of authority, not the local director, not HQ.
is_municipal_ceo = has_role(Role.MUNICIPAL_CEO)

rules.add_perm("teams.view", can_view_municipality)
rules.add_perm("teams.manage", can_manage_municipality | is_approver)
rules.add_perm("teams.work", can_manage_municipality | is_approver | is_domain_lead)
rules.add_perm("teams.appoint_lead", is_municipal_ceo)
