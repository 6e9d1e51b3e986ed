from django.shortcuts import render

from core.access import hq_view
from core.stages import Stage


@hq_view()
def index(request):
    """Stage 1 is HQ-wide (not per municipality). Not built yet: the page says so."""
    return render(request, "core/stage_not_built.html", {"stage": Stage.SELECTION, "stage_number": 1})
