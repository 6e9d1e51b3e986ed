"""Stage 1 on the initiative home (registered in SelectionConfig.ready): selected, being considered,
or a partner from before the platform. Read through the selectors."""
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from municipalities import home
from selection import selectors


def stage_status(municipality, initiative):
    info = selectors.selection_of(municipality=municipality)
    if info["selected_at"] is not None:
        return home.StageStatus(home.DONE, _("Selected on %(date)s") % {
            "date": date_format(timezone.localdate(info["selected_at"]), "j.n.Y")})
    if initiative is not None:  # an initiative exists: the authority was chosen, before the platform
        if initiative.start_date:
            return home.StageStatus(home.DONE, _("A partner since %(year)s (selected before the platform)") % {
                "year": initiative.start_date.year})
        return home.StageStatus(home.DONE, _("A partner (selected before the platform)"))
    if info["in_open_round"]:
        return home.StageStatus(home.IN_PROGRESS, _("A candidate in a selection round"))
    return home.StageStatus(home.NOT_STARTED)
