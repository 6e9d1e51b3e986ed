"""Stage 7 on the initiative home (registered in TeamsConfig.ready): the professional teams and their
four-session tracks. Read through the selectors."""
from django.utils.translation import ngettext

from municipalities import home
from teams import selectors


def stage_status(municipality, initiative):
    teams = list(selectors.team_list(municipality=municipality))
    if not teams:
        return home.StageStatus(home.NOT_STARTED)
    done = sum(1 for t in teams if t.items and t.items_done == t.items)
    summary = ngettext("%(n)s team, %(done)s finished the four sessions",
                       "%(n)s teams, %(done)s finished the four sessions", len(teams)) % {
        "n": len(teams), "done": done}
    return home.StageStatus(home.DONE if done == len(teams) else home.IN_PROGRESS, summary)
