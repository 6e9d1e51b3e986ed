"""Demo data for stage 6: every network initiative past the design forum (at stage 7 or later) has
adopted one local goal, the CEO's act. Idempotent: a municipality with a goal is left alone. Runs
inside seed_demo's all-municipalities scope and transaction, after the earlier stages' demos."""
import datetime as dt

from django.utils import timezone

from core.reference import MobilityDomain
from core.stages import Stage
from design_forum import selectors, services
from municipalities.models import Initiative, InitiativeStatus, Person

GOAL = ("הגדלת ההשתתפות בחינוך הבלתי פורמלי",
        "מ-1,200 ל-1,800 משתתפים בתנועות נוער, ארגונים ומרכזים בתוך חמש שנים.")
CEO_TITLE = 'מנכ"ל/ית הרשות'


def seed(*, stdout):
    created = 0
    for initiative in Initiative.objects.filter(status=InitiativeStatus.ACTIVE, stage__gte=Stage.TEAMS) \
            .select_related("municipality").order_by("municipality__slug"):
        municipality = initiative.municipality
        if selectors.local_goal_list(municipality_id=municipality.pk).exists():
            continue
        ceo = Person.objects.filter(municipality=municipality, role_title=CEO_TITLE, user__isnull=False) \
            .select_related("user").first()
        goal = services.local_goal_create(municipality=municipality, title=GOAL[0], description=GOAL[1],
                                          domain=MobilityDomain.EDUCATION, by=None)
        if ceo is not None:
            services.local_goal_adopt(goal=goal, by=ceo.user, at=timezone.now() - dt.timedelta(days=300))
        created += 1
    stdout.write(f"design forum: {created} local goals created" if created
                 else "design forum: demo goals already there")
