"""Permissions of the agreements stage, built from core.access predicates (user, municipality)."""
import rules

from core.access import can_manage_municipality, can_view_municipality, is_hq_staff

can_manage_mou = can_manage_municipality | is_hq_staff

rules.add_perm("mou.view", can_view_municipality)
# The local director or HQ runs the agreement process and drafts the MOU.
rules.add_perm("mou.manage", can_manage_mou)
# Anyone who can see the municipality may open the signing page; the service then checks that the
# signatory is the signed-in user themself.
rules.add_perm("mou.sign", can_view_municipality)
# Whether one of the guide's anchors does not apply to an authority is HQ's call.
rules.add_perm("mou.mark_anchor", is_hq_staff)
# The starting template is the foundation's: HQ edits it.
rules.add_perm("mou.edit_template", is_hq_staff)
