from core.stages import Stage
from core.views import stage_placeholder

index = stage_placeholder(Stage.TEAMS)
