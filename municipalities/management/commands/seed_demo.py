"""Demo data: the foundation's network of ten municipalities, with demo users of every role,
people directories and initiative data. Idempotent: running it twice changes nothing more."""
import datetime as dt
import importlib
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from core import tenancy
from core.reference import Phase, Sector
from core.roles import PlatformRole, Role
from core.stages import Stage
from municipalities.models import (
    Initiative,
    InitiativeStatus,
    Membership,
    Municipality,
    MunicipalityKind,
    Organization,
    Person,
)

# slug, start year, phase, stage
NETWORK = [
    ("ashkelon", 2019, Phase.IMPLEMENTATION, Stage.INVESTMENTS),
    ("ofakim", 2014, Phase.IMPLEMENTATION, Stage.COMPASS),
    ("kiryat-malakhi", 2016, Phase.IMPLEMENTATION, Stage.COLLECTIVE_PLAN),
    ("sderot", 2015, Phase.IMPLEMENTATION, Stage.COMPASS),
    ("nof-hagalil", 2020, Phase.PLANNING_YEAR, Stage.DESIGN_FORUM),
    ("beit-shean", 2017, Phase.IMPLEMENTATION, Stage.TEAMS),
    ("yarka", 2018, Phase.IMPLEMENTATION, Stage.COLLECTIVE_PLAN),
    ("beit-hakerem", 2019, Phase.PLANNING_YEAR, Stage.MAPPING),
    ("nahariya", 2021, Phase.PRE_ESTABLISHMENT, Stage.GOVERNANCE),
    ("mitzpe-ramon", 2021, Phase.PRE_ESTABLISHMENT, Stage.MOU),
]
STAGE_APPS = ["selection", "mou", "steering", "mapping", "design_forum", "teams", "collective_plan",
              "investments", "compass"]
CLUSTER_MEMBERS = ["karmiel", "misgav", "majd-al-krum", "bina", "deir-al-asad", "nahf", "rame", "sajur"]

FIRST = ["מיכל", "יוסי", "רונית", "אבי", "שירה", "דוד", "נועה", "משה", "הילה", "עומר", "תמר", "אלי", "ליאת",
         "רועי", "אורית", "חיים", "יעל", "אמיר", "סיגל", "נדב", "רחל", "איתי", "דנה", "גיל"]
LAST = ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם", "פרידמן", "דהן", "אזולאי", "חדד", "גבאי", "עמר",
        "שושן", "אוחיון", "יוסף", "מלכה", "אלון", "שטרן", "בן דוד", "נחום"]
FIRST_DRUZE = ["סאמר", "ראניה", "ווליד", "סוהא", "נביה", "אמל", "פאדי", "ריים", "מרואן", "נסרין", "עאדל", "הנאא"]
LAST_DRUZE = ["חלבי", "מולא", "טאפש", "חסון", "סעב", "עאמר", "קבלאן", "אבו ריש"]

# (role title, sector, organization key or None, membership role or None)
PEOPLE = [
    ("ראש הרשות", Sector.AUTHORITY, None, Role.HEAD_OF_AUTHORITY),
    ("מנכ\"ל/ית הרשות", Sector.AUTHORITY, None, Role.MUNICIPAL_CEO),
    ("מנהל/ת יישובית", Sector.INITIATIVE_STAFF, None, Role.LOCAL_DIRECTOR),
    ("מוביל/ת תחום הגיל הרך", Sector.AUTHORITY, None, Role.DOMAIN_LEAD),
    ("חבר/ת מינהלת", Sector.RESIDENTS, None, Role.COMMITTEE_MEMBER),
    ("רכז/ת נתונים", Sector.AUTHORITY, None, Role.VIEWER),
    ("גזבר/ית הרשות", Sector.AUTHORITY, None, None),
    ("מנהל/ת אגף החינוך", Sector.AUTHORITY, None, None),
    ("מנהל/ת המחלקה לשירותים חברתיים", Sector.AUTHORITY, None, None),
    ("מנהל/ת מחלקת הנוער", Sector.AUTHORITY, None, None),
    ("מפקח/ת משרד החינוך", Sector.GOVERNMENT, "education", None),
    ("נציג/ת משרד הפנים", Sector.GOVERNMENT, "interior", None),
    ("מנהל/ת המתנ\"ס", Sector.THIRD_SECTOR, None, None),
    ("רכז/ת תנועת נוער", Sector.THIRD_SECTOR, None, None),
    ("נציג/ת הקרן", Sector.PHILANTHROPY, "foundation", None),
    ("הורה פעיל/ה", Sector.RESIDENTS, None, None),
    ("תושב/ת, ועד שכונה", Sector.RESIDENTS, None, None),
    ("מנהל/ת מפעל מקומי", Sector.BUSINESS, None, None),
    ("חוקר/ת, מכללה אזורית", Sector.ACADEMIA, None, None),
]
ROLE_USERNAME = {Role.LOCAL_DIRECTOR: "director", Role.MUNICIPAL_CEO: "ceo", Role.HEAD_OF_AUTHORITY: "head",
                 Role.DOMAIN_LEAD: "lead", Role.COMMITTEE_MEMBER: "member", Role.VIEWER: "viewer"}

ORGANIZATIONS = {
    "education": ("משרד החינוך", "Ministry of Education", Sector.GOVERNMENT),
    "interior": ("משרד הפנים", "Ministry of the Interior", Sector.GOVERNMENT),
    "foundation": ("יוזמת היישוב במרכז", "Locality at the Center initiative", Sector.PHILANTHROPY),
    "welfare": ("משרד הרווחה", "Ministry of Welfare", Sector.GOVERNMENT),
}


class Command(BaseCommand):
    help = "Create the ten-municipality demo network with demo users of every role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=None,
                            help="Demo password (default: settings.DEMO_PASSWORD, set only locally).")

    def handle(self, *args, password=None, **options):
        password = password or settings.DEMO_PASSWORD
        if not password:
            raise CommandError("No demo password: seed_demo sets one only in the local embedded setup "
                               "(DEMO_PASSWORD), or pass --password.")
        if not Municipality.objects.filter(slug="sderot").exists():
            raise CommandError("Import the CBS registry first: manage.py import_authorities "
                               "../shared/data/israel_local_authorities.csv")
        with tenancy.scope_all(), transaction.atomic():
            self._seed(password)
            self._seed_stages()

    def _seed_stages(self):
        """Each stage app may ship demo data in `<app>/demo.py` (function `seed(*, stdout)`, idempotent)."""
        for app in STAGE_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            module.seed(stdout=self.stdout)

    def _user(self, username, password, **fields):
        # One hash for every demo account (hashing ~60 passwords one by one takes half a minute).
        if getattr(self, "_hash_for", None) != password:
            self._hash_for, self._hash = password, make_password(password)
        user, created = User.objects.get_or_create(username=username, defaults={**fields, "password": self._hash})
        return user

    def _seed(self, password):
        rng = random.Random(2026)
        orgs = {}
        for key, (he, en, sector) in ORGANIZATIONS.items():
            orgs[key], _ = Organization.objects.get_or_create(name_he=he, defaults={"name_en": en, "sector": sector})

        cluster, _ = Municipality.objects.get_or_create(
            slug="beit-hakerem",
            defaults={"name_he": "אשכול רשויות בית הכרם", "name_en": "Beit HaKerem cluster",
                      "name_ar": "تجمع سلطات بيت هكيرم", "kind": MunicipalityKind.CLUSTER,
                      "district": "הצפון", "district_en": "Northern"})
        members = list(Municipality.objects.filter(slug__in=CLUSTER_MEMBERS))
        cluster.cluster_members.set(members)
        cluster.population = sum(m.population or 0 for m in members)
        cluster.population_year = 2021
        cluster.save()

        self._user("hq", password, first_name="צוות", last_name="מטה", email="hq@example.org",
                   platform_role=PlatformRole.HQ_STAFF)
        self._user("hq-admin", password, first_name="מנהלת", last_name="מטה", email="hq-admin@example.org",
                   platform_role=PlatformRole.HQ_ADMIN, is_staff=True, is_superuser=True)

        for slug, year, phase, stage in NETWORK:
            municipality = Municipality.objects.get(slug=slug)
            druze = municipality.sector == "druze"
            first, last = (FIRST_DRUZE, LAST_DRUZE) if druze else (FIRST, LAST)
            people = {}
            for title, sector, org_key, role in PEOPLE:
                name = f"{rng.choice(first)} {rng.choice(last)}"
                user = None
                if role is not None:
                    username = f"{ROLE_USERNAME[role]}-{slug}"
                    given, family = name.split(" ", 1)
                    user = self._user(username, password, first_name=given, last_name=family,
                                      email=f"{username}@example.org")
                    Membership.objects.get_or_create(municipality=municipality, user=user,
                                                     defaults={"role": role})
                    name = user.get_full_name()
                lookup = {"municipality": municipality, "role_title": title}
                person, _ = Person.objects.get_or_create(**lookup, defaults={
                    "full_name": name, "sector": sector, "user": user,
                    "organization": orgs.get(org_key) if org_key else None,
                    "organization_name": "" if org_key else str(municipality.name_he),
                    "email": f"{ROLE_USERNAME.get(role, 'contact')}-{slug}-{len(people)}@example.org",
                    "phone": f"05{rng.randint(0, 9)}-{rng.randint(1000000, 9999999)}",
                })
                people[title] = person
            Initiative.objects.get_or_create(municipality=municipality, status=InitiativeStatus.ACTIVE, defaults={
                "title": f"היישוב במרכז – {municipality.name_he}",
                "phase": phase, "stage": stage,
                "start_date": dt.date(year, rng.choice([1, 3, 9]), 1),
                "planned_exit_date": dt.date(year + 5, 12, 31),
                "local_director": people["מנהל/ת יישובית"],
            })
        self.stdout.write(self.style.SUCCESS(
            "Demo network ready. Sign in at http://127.0.0.1:8000 as one of:\n"
            "  hq (foundation HQ staff), hq-admin (HQ admin, also /admin/)\n"
            "  director-<m>, ceo-<m>, head-<m>, lead-<m>, member-<m>, viewer-<m>\n"
            f"  where <m> is one of: {', '.join(s for s, *_ in NETWORK)}\n"
            f"  password for every demo account: {password}"))
