"""Permissions of stage 5, from the base predicates in core.access."""
import rules

from core.access import (
    can_manage_municipality,
    can_view_municipality,
    is_approver,
    is_domain_lead,
    is_hq_admin,
)

# Who enters values and targets: the local director (and HQ admin), the approvers and the domain leads.
can_enter_values = can_manage_municipality | is_approver | is_domain_lead

rules.add_perm("mapping.view", can_view_municipality)
rules.add_perm("mapping.enter_values", can_enter_values)
rules.add_perm("mapping.manage", can_manage_municipality)   # golden set, settings, local indicators
rules.add_perm("mapping.edit_catalogue", is_hq_admin)
