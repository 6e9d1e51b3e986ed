"""Demo data for stage 7: for every network initiative at the teams stage or later, one professional
team for its adopted local goal, its domain lead appointed by the CEO's own account, members from the
people directory, nine months of sessions (the same kind of past as stage 4's bodies), the first
checklist items done and three outputs. Idempotent: a municipality with a team is left alone. Runs
inside seed_demo's all-municipalities scope and transaction, after the steering and design-forum demos
(it builds on their people, bodies and goals)."""
import datetime as dt
import random

from django.urls import reverse
from django.utils import timezone

from core.reference import MobilityDomain, Sector
from core.stages import Stage
from design_forum import selectors as design_forum_selectors
from municipalities.models import Initiative, InitiativeStatus, Person
from steering import demo as steering_demo
from steering import services as steering_services
from teams import selectors, services
from teams.models import OutputKind, TeamOutput

OUTPUTS = ((OutputKind.POLICY_DOCUMENT, "מסמך מדיניות לחינוך הבלתי פורמלי"),
           (OutputKind.PROBLEM, "רק 17% מבני הנוער משתתפים בתנועות נוער"),
           (OutputKind.COLLECTIVE_ACTION, "פתיחת מבני בתי הספר לפעילות אחר הצהריים"))


def seed(*, stdout):
    today = timezone.localdate()
    created = 0
    for initiative in Initiative.objects.filter(status=InitiativeStatus.ACTIVE, stage__gte=Stage.TEAMS) \
            .select_related("municipality").order_by("municipality__slug"):
        municipality = initiative.municipality
        if selectors.team_list(municipality=municipality).exists():
            continue
        rng = random.Random(f"teams-{municipality.slug}")
        people = list(Person.objects.filter(municipality=municipality, is_active=True).order_by("pk"))
        by_title = {p.role_title: p for p in people}
        ceo, lead = by_title.get('מנכ"ל/ית הרשות'), by_title.get("מנהל/ת מחלקת הנוער")
        goal = design_forum_selectors.adopted_goals(municipality_id=municipality.pk).first()
        team = services.team_create(initiative=initiative, name="צוות מקצועי – חינוך בלתי פורמלי",
                                    domain=MobilityDomain.EDUCATION, local_goal=goal, by=None,
                                    established_on=today - dt.timedelta(days=330))
        if lead is not None and ceo is not None and ceo.user_id:
            # the CEO's own act, through the same service the page uses
            services.team_appoint_lead(team=team, person=lead, by=ceo.user,
                                       mandate="הובלת התחום ברשות, ניהול התקציב המשותף ותיאום השותפים.")
        team_people = [p for p in people if p.sector != Sector.BUSINESS][:12]
        members = [steering_services.member_add(body=team.body, person=p, by=None) for p in team_people]
        steering_demo.fill_meeting_history(team.body, members, rng, today=today, months_back=9, people=team_people)
        body_url = reverse("steering:body_detail", kwargs={"slug": municipality.slug, "pk": team.body_id})
        for item in team.track_items.order_by("session", "pk")[:8]:
            services.track_item_update(item=item, done=True, note="סוכם במפגש", link_url=body_url, by=None)
        for kind, title in OUTPUTS:
            services.output_save(output=TeamOutput(municipality=municipality, team=team, kind=kind, title=title),
                                 by=None)
        created += 1
    stdout.write(f"teams: {created} professional teams created" if created else "teams: demo teams already there")
