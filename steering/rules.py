"""Permissions of stage 4, from the base predicates in core.access.

Who does what (ROADMAP.md: the local director manages the initiative's bodies and routines; the
municipal CEO and the head of authority chair the leading team and the steering committee and
approve; domain leads and committee members read and own their tasks):

- `steering.manage`: set up bodies, plan and edit meetings, record attendance, minutes, decisions
  and action items: the local director, HQ admin, and the CEO / head of authority who chair the bodies.
- `steering.administer`: what removes or hides a record: delete (and restore) meetings, remove
  members: the local director and HQ admin only. The chairs approve; they do not administer.
- `steering.update_action` (object permission on an ActionItem): change its status: those who manage,
  and the item's owner (whatever their role: a viewer who was given a task may mark it done).
"""
import rules

from core.access import can_manage_municipality, can_view_municipality, is_approver

# Who runs the bodies: the local director (and HQ admin), and the CEO / head of authority who chair them.
can_manage_bodies = can_manage_municipality | is_approver
# Who may delete meetings and remove members: the local director (and HQ admin), not the chairs.
can_administer_bodies = can_manage_municipality


@rules.predicate
def is_action_owner(user, item):
    owner = getattr(item, "owner", None)
    return bool(owner is not None and owner.user_id and owner.user_id == getattr(user, "pk", None))


@rules.predicate
def manages_bodies_of(user, item):
    return can_manage_bodies(user, item.municipality_id)


rules.add_perm("steering.view", can_view_municipality)
rules.add_perm("steering.manage", can_manage_bodies)
rules.add_perm("steering.administer", can_administer_bodies)
rules.add_perm("steering.update_action", is_action_owner | manages_bodies_of)
