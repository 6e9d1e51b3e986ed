"""Reads of stage 7."""
from django.db.models import Count, Q

from steering import selectors as steering_selectors
from teams.models import ProfessionalTeam, TeamOutput, TrackItem
from teams.track import TRACK


def team_list(*, municipality):
    return (ProfessionalTeam.objects.filter(municipality=municipality)
            .select_related("body", "domain_lead", "local_goal", "lead_appointed_by")
            .annotate(items=Count("track_items", distinct=True),
                      items_done=Count("track_items", filter=Q(track_items__done=True), distinct=True),
                      member_count=Count("body__members", filter=Q(body__members__is_active=True), distinct=True))
            .order_by("body__name"))


def team_track(*, team):
    """The four sessions, each with its subject, the meeting that held it (the team's n-th meeting
    that was not cancelled) and its checklist items."""
    items = list(TrackItem.objects.filter(team=team).select_related("completed_by").order_by("session", "pk"))
    meetings = steering_selectors.meeting_sequence(body_id=team.body_id, limit=len(TRACK))
    sessions = []
    for session in TRACK:
        rows = [i for i in items if i.session == session.number]
        meeting = meetings[session.number - 1] if len(meetings) >= session.number else None
        sessions.append({"number": session.number, "subject": session.subject, "meeting": meeting, "items": rows,
                         "done": sum(1 for i in rows if i.done), "total": len(rows)})
    return sessions


def team_outputs(*, team):
    return TeamOutput.objects.filter(team=team).order_by("kind", "title")
