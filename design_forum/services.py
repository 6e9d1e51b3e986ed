"""Writes of stage 6 (so far: local goals). Each write runs in a transaction, validates the model and
leaves an attributed history record."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access
from core.roles import Role
from design_forum.models import LocalGoal, LocalGoalStatus


@transaction.atomic
def local_goal_create(*, municipality, title: str, domain: str, by, description: str = "") -> LocalGoal:
    """A proposed local goal (the steering committee's recommendation)."""
    goal = LocalGoal(municipality=municipality, title=title, domain=domain, description=description,
                     status=LocalGoalStatus.PROPOSED)
    goal._history_user = by
    goal.full_clean()
    goal.save()
    return goal


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
    goal._history_user = by
    goal._change_reason = _("Local goal adopted by the municipal CEO")
    goal.full_clean()
    goal.save()
    return goal
