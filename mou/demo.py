"""Demo data for stage 2 (agreements) and stage 3 (the local director) across the demo network.

Runs inside `manage.py seed_demo`'s all-scope transaction; idempotent (a municipality whose
initiative already has an agreement is left alone). Everything goes through the services, as the
people themselves (each signatory signs from their own account), then dates are set back to the
initiative's real timeline."""
import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from core.roles import Role
from mou import selectors, services
from mou.models import (
    Agreement,
    AgreementStep,
    AgreementVersion,
    BudgetLine,
    LocalDirectorProfile,
    RecruitmentStatus,
    ReportsTo,
    Signature,
    StepKind,
)
from municipalities.models import Initiative, InitiativeStatus, Membership, Person

# slug -> what the demo shows: "signing" (waiting for the CEO), "signed", "amending" (an amendment
# waiting for the CEO), "amended" (an amendment signed)
STATE = {
    "mitzpe-ramon": "signing",
    "nahariya": "signed",
    "beit-hakerem": "signed",
    "nof-hagalil": "signed",
    "ashkelon": "amending",
    "yarka": "signed",
    "beit-shean": "signed",
    "kiryat-malakhi": "amended",
    "sderot": "amended",
    "ofakim": "amended",
}
ANCHOR_USERNAME = {"treasurer": "treasurer", "education_welfare": "education"}


def _aware(day: dt.date, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _user_for(person, username):
    """Signatories sign from their own accounts: give the treasurer and the head of education one."""
    if person.user_id:
        return person.user
    given, _, family = person.full_name.partition(" ")
    user, created = User.objects.get_or_create(username=username, defaults={
        "first_name": given, "last_name": family, "email": f"{username}@example.org"})
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(municipality=person.municipality, user=user, defaults={"role": Role.VIEWER})
    person.user = user
    person.save()
    return user


def _sign_all(agreement, *, skip=(), when: dt.date):
    version = selectors.current_version(agreement=agreement)
    for offset, signatory in enumerate(selectors.signatory_list(agreement=agreement)):
        user = signatory.person.user
        if user is None or user.pk in skip:
            continue
        services.signature_sign(agreement=agreement, signatory=signatory, version_id=version.pk,
                                content_hash=version.content_hash, by=user)
        Signature.objects.filter(version=version, signatory=signatory).update(
            decided_at=_aware(when + dt.timedelta(days=offset), 9 + offset))
    AgreementVersion.objects.filter(pk=version.pk, frozen_at__isnull=False).update(
        frozen_at=_aware(when + dt.timedelta(days=4), 17))


def _seed_one(initiative, state, rng, stdout):
    municipality = initiative.municipality
    director = initiative.local_director.user if initiative.local_director else None
    if director is None:
        return
    start = initiative.start_date or dt.date(2021, 1, 1)
    slug = municipality.slug
    agreement = services.agreement_start(initiative=initiative, by=director)
    for signatory in selectors.signatory_list(agreement=agreement):
        if signatory.person.user_id is None:
            _user_for(signatory.person, f"{ANCHOR_USERNAME.get(signatory.anchor, 'signatory')}-{slug}")
    name = municipality.name_he
    version = selectors.current_version(agreement=agreement)
    sections = dict(version.sections)
    sections["purpose"] = (f"החזון המשותף של {name} והנהלת היוזמה: כל ילד, ילדה וצעיר ב{name} ימצו את "
                           "הפוטנציאל שלהם, מהלידה ועד התעסוקה. " + sections["purpose"])
    services.agreement_save_draft(agreement=agreement, title=f"מסמך הבנות – {name} והיישוב במרכז",
                                  sections=sections, by=director, change_note="התאמת החזון לרשות")
    sections["bodies"] += (" המינהלת תכלול נציגות של 30% תושבים, 30% רשות, 20% מגזר שלישי, 10% ממשלה ו-10% "
                           "עסקים.")
    services.agreement_save_draft(agreement=agreement, title=f"מסמך הבנות – {name} והיישוב במרכז",
                                  sections=sections, by=director,
                                  change_note="הרכב המינהלת לאחר הדיון עם מנכ\"ל הרשות")
    for year in (start.year, start.year + 1, start.year + 2):
        for sector, funder, purpose, low, high in (
                ("philanthropy", "יוזמת היישוב במרכז", "שכר המנהלת היישובית וליווי מקצועי", 380, 520),
                ("authority", str(name), "רכזי תחומים ואחזקת מבנים", 150, 260),
                ("government", "משרד החינוך", "הכשרת צוותי חינוך בלתי פורמלי", 120, 220)):
            services.budget_line_save(line=BudgetLine(
                municipality=municipality, agreement=agreement, year=year, source_sector=sector, funder=funder,
                purpose=purpose, amount=Decimal(rng.randint(low, high) * 1000)), by=director)

    people = ", ".join(s.person.full_name for s in selectors.signatory_list(agreement=agreement)[:3])
    steps = [(StepKind.INTRODUCTION, start - dt.timedelta(days=75), "פגישת היכרות ולמידת האסטרטגיה היישובית"),
             (StepKind.PARTNERSHIP, start - dt.timedelta(days=40), "סוכמו ייעוד השותפות, הגופים והמסגרת התקציבית")]
    for kind, day, notes in steps:
        services.step_save(step=AgreementStep(municipality=municipality, agreement=agreement, kind=kind, date=day,
                                              participants=people, notes=notes), by=director)

    services.agreement_submit(agreement=agreement, by=director)
    ceo = Membership.objects.filter(municipality=municipality, role=Role.MUNICIPAL_CEO).first()
    if state == "signing":
        _sign_all(agreement, skip={ceo.user_id} if ceo else (), when=start - dt.timedelta(days=10))
    else:
        _sign_all(agreement, when=start - dt.timedelta(days=10))
        agreement.refresh_from_db()
        services.step_save(step=AgreementStep(municipality=municipality, agreement=agreement,
                                              kind=StepKind.SIGNING, date=start - dt.timedelta(days=6),
                                              participants=people, notes="טקס חתימה בלשכת ראש הרשות"), by=director)
        services.step_save(step=AgreementStep(municipality=municipality, agreement=agreement, kind=StepKind.LAUNCH,
                                              date=start + dt.timedelta(days=20), participants=people,
                                              notes="כנס השקה פתוח לתושבים ולשותפים"), by=director)
        if state in ("amending", "amended"):
            services.agreement_start_amendment(agreement=agreement, by=director,
                                               change_note="תיקון: הארכת השותפות ועדכון התקציב")
            sections["timeframe_budget"] += " בתיקון זה הוארכה השותפות בשנתיים נוספות."
            services.agreement_save_draft(agreement=agreement, title=f"מסמך הבנות – {name} והיישוב במרכז",
                                          sections=sections, by=director, change_note="הארכת השותפות")
            services.budget_line_save(line=BudgetLine(
                municipality=municipality, agreement=agreement, year=start.year + 3, source_sector="business",
                funder="מפעל מקומי", purpose="מלגות לצעירים", amount=Decimal(90000)), by=director)
            services.agreement_submit(agreement=agreement, by=director)
            when = start + dt.timedelta(days=490)
            if state == "amending":
                _sign_all(agreement, skip={ceo.user_id} if ceo else (), when=timezone.localdate() - dt.timedelta(days=5))
            else:
                _sign_all(agreement, when=when)

    # Spread the versions over the real timeline.
    amended_from = timezone.localdate() - dt.timedelta(days=12) if state == "amending" else start + dt.timedelta(days=480)
    for i, v in enumerate(AgreementVersion.objects.filter(agreement=agreement).order_by("number")):
        day = start - dt.timedelta(days=70 - i * 4) if v.amendment_number == 0 else amended_from + dt.timedelta(days=i % 5)
        AgreementVersion.objects.filter(pk=v.pk).update(created_at=_aware(day, 11))
    submitted = amended_from + dt.timedelta(days=6) if state in ("amending", "amended") else start - dt.timedelta(days=12)
    Agreement.objects.filter(pk=agreement.pk).update(submitted_at=_aware(submitted))

    # Stage 3: the local director's profile.
    ceo_person = Person.objects.filter(municipality=municipality, user=ceo.user).first() if ceo else None
    today = timezone.localdate()
    due = dt.date(start.year + 3, start.month, 1)
    achieved = due - dt.timedelta(days=30) if due < today else None
    if slug == "nahariya":
        due, achieved = today + dt.timedelta(days=45), None  # the warning as the date nears
    if slug == "beit-hakerem":
        due, achieved = today - dt.timedelta(days=20), None  # overdue
    if state == "signing":
        due, achieved = today + dt.timedelta(days=730), None  # still recruiting
    status = RecruitmentStatus.RECRUITING if state == "signing" else RecruitmentStatus.IN_POST
    services.director_profile_save(profile=LocalDirectorProfile(
        municipality=municipality, initiative=initiative,
        reports_to=ReportsTo.DIVISION_HEAD if slug in ("yarka", "beit-shean") else ReportsTo.CEO,
        reports_to_person=ceo_person, recruitment_status=status,
        start_date=None if state == "signing" else start + dt.timedelta(days=30),
        permanent_post_due=due, permanent_post_achieved_on=achieved,
        duties=[d for d in ("systemic_change", "processes", "implementation", "communities", "partnerships",
                            "policy", "resources", "capabilities") if not (state == "signing" and d == "policy")],
        notes="הוגדר בהסכמה עם מנכ\"ל הרשות"), by=director)
    stdout.write(f"  mou: {slug}: {state}")


def seed(*, stdout):
    rng = random.Random(4242)
    initiatives = Initiative.objects.filter(status=InitiativeStatus.ACTIVE, municipality__slug__in=list(STATE)) \
        .select_related("municipality", "local_director__user").order_by("municipality__slug")
    for initiative in initiatives:
        if Agreement.objects.filter(initiative=initiative).exists():
            continue
        _seed_one(initiative, STATE[initiative.municipality.slug], rng, stdout)
