"""Permissions of stage 4, from the base predicates in core.access."""
import rules

from core.access import can_contribute, can_manage_municipality, can_view_municipality, is_approver

# Who runs the bodies: the local director (and HQ admin), and the CEO / head of authority who chair them.
can_manage_bodies = can_manage_municipality | is_approver

rules.add_perm("steering.view", can_view_municipality)
rules.add_perm("steering.manage", can_manage_bodies)
# Owners update their own action items (the view checks ownership); managers update any.
rules.add_perm("steering.update_action", can_contribute)
