"""Five years of meetings for a ten-municipality network (bench-0 ... bench-9), shared by the benchmarks.

Each municipality gets a leading team, a steering committee (34 members), a domain committee and two
professional teams, with every meeting of the last five years held from the cadence, attendance for
every member, a decision per meeting and two action items per meeting (some overdue). `bench-director`
(password bench-pass-1) is the local director of bench-0."""
import datetime as dt
import random

from django.utils import timezone

from accounts.models import User
from core import tenancy
from core.reference import Sector
from core.roles import Role
from municipalities.models import Initiative, Membership, Municipality, Person
from steering import cadence
from steering.defaults import BODY_DEFAULTS, BodyKind
from steering.models import ActionItem, Attendance, Body, BodyMember, Decision, Meeting

YEARS = 5
SECTORS = [s for s, _ in Sector.choices]
BODIES = [(BodyKind.LEADING_TEAM, "צוות מוביל", 6), (BodyKind.STEERING_COMMITTEE, "מינהלת יישובית", 34),
          (BodyKind.DOMAIN_COMMITTEE, "ועדת היגוי ECOSTEM21", 12), (BodyKind.PROFESSIONAL_TEAM, "צוות גיל רך", 12),
          (BodyKind.PROFESSIONAL_TEAM, "צוות חינוך בלתי פורמלי", 12)]


def build():
    rng = random.Random(5)
    today = timezone.localdate()
    tz = timezone.get_default_timezone()
    totals = {"meetings": 0, "attendance": 0, "actions": 0}
    with tenancy.scope_all():
        for n in range(10):
            m = Municipality.objects.create(slug=f"bench-{n}", cbs_code=f"{98000 + n}", name_he=f"עיר {n}", kind="city")
            initiative = Initiative.objects.create(municipality=m, title=f"יוזמה {n}")
            people = Person.objects.bulk_create([Person(municipality=m, full_name=f"אדם {n}-{i}",
                                                        sector=SECTORS[i % len(SECTORS)],
                                                        email=f"p{n}-{i}@example.org") for i in range(45)])
            for kind, name, size in BODIES:
                d = BODY_DEFAULTS[kind]
                body = Body.objects.create(
                    municipality=m, initiative=initiative, kind=kind, name=name, min_size=d.min_size,
                    max_size=d.max_size, meetings_per_year=d.meetings_per_year, interval_months=d.interval_months,
                    skip_months=list(d.skip_months), duration_minutes=d.duration_minutes,
                    composition_target={str(k): v for k, v in d.composition.items()},
                    established_on=today - dt.timedelta(days=365 * YEARS))
                members = BodyMember.objects.bulk_create([
                    BodyMember(municipality=m, body=body, person=p, sector=p.sector)
                    for p in rng.sample(people, size)])
                first = today - dt.timedelta(days=365 * YEARS)
                dates = cadence.plan_dates(first=first, interval_months=d.interval_months, skip_months=d.skip_months,
                                           count=d.meetings_per_year * YEARS + 2, horizon_months=12 * YEARS + 3)
                meetings = Meeting.objects.bulk_create([
                    Meeting(municipality=m, body=body,
                            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(17)), tz),
                            duration_minutes=body.duration_minutes, minutes="סיכום" if day < today else "",
                            status="held" if day < today else "planned") for day in dates])
                held = [x for x in meetings if x.status == "held"]
                Attendance.objects.bulk_create([
                    Attendance(municipality=m, meeting=x, member=mem,
                               status=rng.choice(["present", "present", "present", "absent", "excused"]))
                    for x in held for mem in members])
                decisions = Decision.objects.bulk_create([
                    Decision(municipality=m, body=body, meeting=x, number=i + 1, text=f"החלטה {i + 1}")
                    for i, x in enumerate(held)])
                items = []
                for x, dec in zip(held, decisions):
                    for k in range(2):
                        due = timezone.localdate(x.starts_at) + dt.timedelta(days=rng.choice([14, 30, 45]))
                        status = "done" if due < today - dt.timedelta(days=90) and rng.random() < 0.9 else \
                            rng.choice(["open", "in_progress", "done"])
                        items.append(ActionItem(municipality=m, body=body, meeting=x, decision=dec if k == 0 else None,
                                                title=f"משימה {x.pk}-{k}", owner=rng.choice(people), due_date=due,
                                                status=status))
                ActionItem.objects.bulk_create(items)
                totals["meetings"] += len(meetings)
                totals["attendance"] += len(held) * len(members)
                totals["actions"] += len(items)
        user = User.objects.create_user("bench-director", password="bench-pass-1")
        Membership.objects.create(municipality=Municipality.objects.get(slug="bench-0"), user=user,
                                  role=Role.LOCAL_DIRECTOR)
    return totals
