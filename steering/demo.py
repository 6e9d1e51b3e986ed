"""Demo data for stage 4: for every network municipality that has reached governance, a leading team
and a steering committee with members from the people directory, 14 months of meetings (attendance,
minutes, numbered decisions, action items, a few of them overdue) and the coming months planned from
the cadence. Idempotent: a body that exists is left alone. Runs inside seed_demo's all-municipalities
scope and transaction. Later stages' demos build on it: `fill_meeting_history` gives any body (a
professional team's, in teams/demo.py) the same kind of past."""
import datetime as dt
import random

from django.utils import timezone

from core.reference import Sector
from core.stages import Stage
from municipalities.models import Initiative, InitiativeStatus, Person
from steering import services
from steering.defaults import BodyKind
from steering.models import ActionStatus, AttendanceStatus, Body

EXTRA_PEOPLE = [  # steering-committee members beyond the core directory (role title, sector)
    ("נציג/ת ועד הורים עירוני", Sector.RESIDENTS), ("תושב/ת, שכונת הוותיקים", Sector.RESIDENTS),
    ("תושב/ת, שכונה חדשה", Sector.RESIDENTS), ("נציג/ת בני נוער", Sector.RESIDENTS),
    ("בוגר/ת שירות משמעותי", Sector.RESIDENTS), ("פעיל/ה קהילתי/ת", Sector.RESIDENTS),
    ("תושב/ת, מתנדב/ת", Sector.RESIDENTS), ("רכז/ת מרכז צעירים", Sector.THIRD_SECTOR),
    ("מנהל/ת עמותה לגיל הרך", Sector.THIRD_SECTOR), ("רכז/ת מכינה קדם צבאית", Sector.THIRD_SECTOR),
    ("מנהל/ת מרכז מדעים", Sector.THIRD_SECTOR), ("נציג/ת משרד הרווחה", Sector.GOVERNMENT),
    ("נציג/ת משרד העבודה", Sector.GOVERNMENT), ("מנהל/ת סניף בנק", Sector.BUSINESS),
    ("בעל/ת עסק מקומי", Sector.BUSINESS), ("מנהל/ת מחלקת תרבות", Sector.AUTHORITY),
    ("מנהל/ת היחידה לגיל הרך", Sector.AUTHORITY), ("מנהל/ת מחלקת הספורט", Sector.AUTHORITY),
]
NAMES = ["אורנה", "בני", "גלית", "דורון", "הדס", "ויקטור", "זהבה", "חן", "טל", "יובל", "כרמית", "לירון",
         "מאיר", "נעמה", "סהר", "ענבל", "פנינה", "צחי", "קרן", "רן", "שלומית", "תומר"]
FAMILIES = ["אדרי", "בוזגלו", "גולן", "דוד", "הראל", "ויצמן", "זכאי", "חזן", "טולדנו", "ישראלי", "כץ", "לנדאו"]

AGENDAS = [
    "עדכון מנהלת יישובית\nהצגת תמונת המצב בתחום הגיל הרך\nדיון: אתגרי המעבר מגן לכיתה א'",
    "בקרת תכנון מול ביצוע של התכנית הקולקטיבית\nעדכון צוותים מקצועיים\nהחלטות תקציב לרבעון הבא",
    "הצגת נתוני זהב: השתתפות בחינוך הבלתי פורמלי\nשיתוף ציבור: תוצאות הסקר לתושבים\nסבב שותפים",
    "מיפוי השקעות בתחום הצעירים\nדיון על מינוף משאבים משותפים\nהיערכות לפורום העיצוב",
]
DECISIONS = [
    "המינהלת ממליצה לאמץ את תחום הגיל הרך כיעד יישובי ראשון.",
    "להקים צוות מקצועי לתחום החינוך הבלתי פורמלי בהובלת מוביל/ת התחום.",
    "לאשר את לוח הזמנים לכתיבת התכנית הקולקטיבית.",
    "להרחיב את המינהלת בשני נציגי תושבים מהשכונות החדשות.",
    "לקיים סקר תושבים בנושא פעילות הנוער עד סוף הרבעון.",
    "לאגם את תקציבי ההכשרה של הרשות ומשרד החינוך לתכנית אחת.",
]
ACTIONS = [
    "להפיץ לחברי המינהלת את תמונת המצב המעודכנת", "לתאם פגישה עם מפקחת משרד החינוך",
    "להכין טיוטת מסמך מדיניות לגיל הרך", "לאסוף נתוני השתתפות מתנועות הנוער",
    "לגייס שני נציגי תושבים למינהלת", "להכין הצעת תקציב לתכנית המשותפת",
    "לעדכן את מפת ההשקעות בתחום הצעירים", "לזמן את צוות ההיגוי לסיור בשטח",
]


def _governance_reached(initiative):
    return initiative.stage >= Stage.GOVERNANCE


def _at(date, hour):
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour, 0)), timezone.get_default_timezone())


def _people(municipality, rng):
    people = list(Person.objects.filter(municipality=municipality, is_active=True).order_by("pk"))
    titles = {p.role_title for p in people}
    for title, sector in EXTRA_PEOPLE:
        if title in titles:
            continue
        person = Person(municipality=municipality, full_name=f"{rng.choice(NAMES)} {rng.choice(FAMILIES)}",
                        sector=sector, role_title=title, organization_name=str(municipality.name_he),
                        email=f"member-{municipality.slug}-{len(people)}@example.org")
        person.full_clean()
        person.save()
        people.append(person)
    return people


def fill_meeting_history(body, members, rng, *, today, months_back, people):
    """Past meetings held from the cadence (never on Shabbat, a Friday, a holiday or its eve), with
    attendance, minutes, decisions and action items."""
    first = today.replace(day=1) - dt.timedelta(days=int(30.5 * months_back))
    first = first.replace(day=min(first.day, 20))
    planned = services.meetings_plan_year(body=body, first_date=first, start_time=dt.time(17, 0), by=None,
                                          location="אולם המועצה, בניין העירייה", count=body.meetings_per_year * 2,
                                          horizon_months=months_back + 4, avoid_holidays=True)
    decisions = []
    for index, meeting in enumerate(planned):
        meeting_day = timezone.localdate(meeting.starts_at)
        meeting.agenda = AGENDAS[index % len(AGENDAS)]
        if meeting_day >= today:
            services.meeting_save(meeting=meeting, by=None)
            continue
        if rng.random() < 0.08:  # now and then a meeting falls through
            services.meeting_cancel(meeting=meeting, by=None)
            continue
        services.meeting_save(meeting=meeting, by=None)
        statuses = {}
        for member in members:
            roll = rng.random()
            statuses[str(member.pk)] = (AttendanceStatus.PRESENT if roll < 0.74 else
                                        AttendanceStatus.EXCUSED if roll < 0.88 else AttendanceStatus.ABSENT)
        services.attendance_record(meeting=meeting, statuses=statuses, by=None)
        services.meeting_record_minutes(
            meeting=meeting, by=None,
            minutes=f"פתיחה ועדכונים: {body.chair_title}.\n{meeting.agenda.splitlines()[0]} – הוצגו הנתונים "
                    f"ונערך דיון פתוח.\nסיכום: הוחלט כמפורט בהחלטות, המשימות חולקו לאחראים.")
        decision = services.decision_add(meeting=meeting, text=DECISIONS[(index + len(body.name)) % len(DECISIONS)],
                                         by=None)
        decisions.append(decision)
        for n in range(2):
            owner = rng.choice(people)
            due = meeting_day + dt.timedelta(days=rng.choice([14, 21, 30, 45]))
            item = services.action_add(body=body, meeting=meeting, decision=decision if n == 0 else None,
                                       title=ACTIONS[(index * 2 + n) % len(ACTIONS)], owner=owner, due_date=due,
                                       by=None)
            roll = rng.random()
            if due < today - dt.timedelta(days=75):
                if roll < 0.95:
                    services.action_set_status(item=item, status=ActionStatus.DONE, by=None)
            elif due < today:
                if roll < 0.45:
                    services.action_set_status(item=item, status=ActionStatus.DONE, by=None)
                elif roll < 0.7:
                    services.action_set_status(item=item, status=ActionStatus.IN_PROGRESS, by=None)


def seed(*, stdout):
    today = timezone.localdate()
    created = 0
    for initiative in Initiative.objects.filter(status=InitiativeStatus.ACTIVE).select_related("municipality") \
            .order_by("municipality__slug"):
        if not _governance_reached(initiative):
            continue
        municipality = initiative.municipality
        rng = random.Random(f"steering-{municipality.slug}")
        if Body.objects.filter(municipality=municipality).exists():
            continue
        people = _people(municipality, rng)
        by_title = {p.role_title: p for p in people}
        ceo = by_title.get('מנכ"ל/ית הרשות')
        head = by_title.get("ראש הרשות")
        director = by_title.get("מנהל/ת יישובית")
        young = initiative.phase != "implementation"

        leading = services.body_create(initiative=initiative, kind=BodyKind.LEADING_TEAM, name="צוות מוביל", by=None,
                                       chair=ceo, established_on=today - dt.timedelta(days=500),
                                       purpose="מאשר תהליכים ותקציבים, בראשות מנכ\"ל/ית הרשות.")
        core = [p for p in people if p.sector in (Sector.AUTHORITY, Sector.INITIATIVE_STAFF, Sector.PHILANTHROPY)][:6]
        leading_members = [services.member_add(body=leading, person=p, by=None,
                                               role="chair" if p == ceo else "member") for p in core]
        fill_meeting_history(leading, leading_members, rng, today=today, months_back=6 if young else 14, people=core)

        committee = services.body_create(
            initiative=initiative, kind=BodyKind.STEERING_COMMITTEE, name="מינהלת יישובית", by=None, chair=head,
            established_on=today - dt.timedelta(days=240 if young else 480),
            purpose="קהילה רב-מגזרית של שחקני משמעות: בקרת תכנון מול ביצוע של התכנית הקולקטיבית.")
        committee_people = [p for p in people if p.user_id is None or p in (head, ceo, director)]
        committee_members = [services.member_add(body=committee, person=p, by=None,
                                                 role="chair" if p == head else "member")
                             for p in committee_people[:34]]
        fill_meeting_history(committee, committee_members, rng, today=today, months_back=6 if young else 14,
                             people=committee_people)
        created += 2
    stdout.write(f"steering: {created} bodies created" if created else "steering: demo bodies already there")
