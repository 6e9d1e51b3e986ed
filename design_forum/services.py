"""Writes of stage 6 (so far: local goals, and how the change log restores one)."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.roles import Role
from core.services import model_save
from design_forum.models import LocalGoal, LocalGoalStatus

ADOPTION_FIELDS = ("status", "adopted_by", "adopted_at")


@transaction.atomic
def local_goal_create(*, municipality, title: str, domain: str, by, description: str = "") -> LocalGoal:
    """A proposed local goal (the steering committee's recommendation)."""
    return model_save(LocalGoal(municipality=municipality, title=title, domain=domain, description=description,
                                status=LocalGoalStatus.PROPOSED), by=by)


@transaction.atomic
def local_goal_adopt(*, goal: LocalGoal, by, at=None) -> LocalGoal:
    """The authority adopts the goal (אימוץ יעד יישובי): an act of the person authorised to decide, the
    municipal CEO's own account; anybody else is refused. `at` records an adoption made earlier (the
    demo's history); by default now."""
    if access.role_in(by, goal.municipality_id) != Role.MUNICIPAL_CEO:
        raise PermissionDenied(_("Only the municipal CEO adopts a local goal."))
    goal.status = LocalGoalStatus.ADOPTED
    goal.adopted_by = by
    goal.adopted_at = at or timezone.now()
    return model_save(goal, by=by, reason=_("Local goal adopted by the municipal CEO"))


def goal_restore(*, instance: LocalGoal, current, by) -> LocalGoal:
    """Restore an earlier version of a local goal: its wording may come back; its adoption never
    changes by a restore (adopting a goal is an act of the authority's own account)."""
    audit.refuse_changed_fields(instance=instance, current=current, fields=ADOPTION_FIELDS, message=_(
        "Adopting a local goal is an act of the authority: a restore cannot adopt it or undo its adoption."))
    return model_save(instance, by=by)


def register_restores() -> None:
    audit.register_restore(LocalGoal, goal_restore)
