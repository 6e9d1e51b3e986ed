"""Writes of stage 6 (so far: how the change log restores a local goal)."""
from django.utils.translation import gettext as _

from core import audit
from core.services import model_save
from design_forum.models import LocalGoal

ADOPTION_FIELDS = ("status", "adopted_by", "adopted_at")


def goal_restore(*, instance: LocalGoal, current, by) -> LocalGoal:
    """Restore an earlier version of a local goal: its wording may come back; its adoption never
    changes by a restore (adopting a goal is an act of the authority's own account)."""
    audit.refuse_changed_fields(instance=instance, current=current, fields=ADOPTION_FIELDS, message=_(
        "Adopting a local goal is an act of the authority: a restore cannot adopt it or undo its adoption."))
    return model_save(instance, by=by)


def register_restores() -> None:
    audit.register_restore(LocalGoal, goal_restore)
