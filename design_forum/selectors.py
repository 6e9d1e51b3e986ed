"""Reads of stage 6 (so far: the local goals that teams, plans, investments and the compass refer to)."""
from design_forum.models import LocalGoal, LocalGoalStatus


def local_goal_list(*, municipality_id: int):
    """The municipality's local goals, by title (a queryset: forms offer it as choices)."""
    return LocalGoal.objects.filter(municipality_id=municipality_id).order_by("title")


def adopted_goals(*, municipality_id: int):
    return local_goal_list(municipality_id=municipality_id).filter(status=LocalGoalStatus.ADOPTED)
