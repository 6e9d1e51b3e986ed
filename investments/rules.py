"""Permissions of the asset map / investment portfolio."""
import rules

from core.access import can_manage_municipality, can_view_municipality, is_approver, is_domain_lead

rules.add_perm("investments.view", can_view_municipality)
# The local director (and HQ admin) keep the map; approvers and domain leads add what they run.
rules.add_perm("investments.manage", can_manage_municipality | is_approver | is_domain_lead)
