"""Demo data of the asset and intervention map: for every municipality with an active initiative, the
programmes, services and facilities a real locality of its size runs (20-40 each), with operators from
the organization directory. Idempotent: a municipality that has assets is left alone. Runs inside
seed_demo's all-municipalities scope and transaction, through investments.services."""
import random
from decimal import Decimal

from core.reference import LifeStage as S
from core.reference import MobilityDomain as D
from core.reference import Sector
from investments import services
from investments.models import Investment, InvestmentKind, InvestmentNature, InvestmentNovelty
from municipalities.models import Initiative, InitiativeStatus, Organization

OPERATORS = {  # key: (Hebrew, English, sector)
    "authority": ("הרשות המקומית", "The local authority", Sector.AUTHORITY),
    "education": ("משרד החינוך", "Ministry of Education", Sector.GOVERNMENT),
    "welfare": ("משרד הרווחה", "Ministry of Welfare", Sector.GOVERNMENT),
    "labour": ("משרד העבודה", "Ministry of Labour", Sector.GOVERNMENT),
    "negev_galil": ("המשרד לפיתוח הנגב והגליל", "Ministry for the Development of the Negev and Galilee",
                    Sector.GOVERNMENT),
    "foundation": ("יוזמת היישוב במרכז", "Locality at the Center initiative", Sector.PHILANTHROPY),
    "rashi": ("קרן רש\"י", "Rashi Foundation", Sector.PHILANTHROPY),
    "jdc": ("ג'וינט ישראל", "JDC Israel", Sector.THIRD_SECTOR),
    "scouts": ("תנועת הצופים", "Israel Scouts", Sector.THIRD_SECTOR),
    "mechina": ("עמותת המכינה הקדם-צבאית", "Pre-military academy association", Sector.THIRD_SECTOR),
    "college": ("המכללה האזורית", "The regional college", Sector.ACADEMIA),
    "bank": ("בנק הפועלים", "Bank Hapoalim", Sector.BUSINESS),
}

# (title, kind, operator, domain, life stage, age group, nature, novelty, budget range in thousands of ₪)
CATALOGUE = [
    ("מעונות יום מוכרים", InvestmentKind.FACILITY, "authority", D.EARLY_CHILDHOOD, S.BIRTH_6, "0-3",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (900, 2400)),
    ("תכנית הורים וילדים - הורות מיטיבה", InvestmentKind.PROGRAMME, "jdc", D.EARLY_CHILDHOOD, S.BIRTH_6, "0-6",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (120, 300)),
    ("מרכז לגיל הרך", InvestmentKind.FACILITY, "authority", D.EARLY_CHILDHOOD, S.BIRTH_6, "0-6",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (300, 700)),
    ("התפתחות הילד - אבחון וטיפול", InvestmentKind.SERVICE, "welfare", D.EARLY_CHILDHOOD, S.BIRTH_6, "0-6",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (200, 500)),
    ("מוכנות לכיתה א'", InvestmentKind.PROGRAMME, "foundation", D.EARLY_CHILDHOOD, S.BIRTH_6, "5-6",
     InvestmentNature.PROGRAMME, InvestmentNovelty.NEW, (80, 200)),
    ("רכזת גיל רך יישובית", InvestmentKind.STAFFING, "authority", D.EARLY_CHILDHOOD, S.BIRTH_6, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.NEW, (180, 240)),
    ("יום לימודים ארוך ותכנית ניצנים", InvestmentKind.PROGRAMME, "education", D.EDUCATION, S.ELEMENTARY,
     "כיתות א'-ו'", InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (600, 1500)),
    ("מרכזי למידה אחר הצהריים", InvestmentKind.PROGRAMME, "rashi", D.EDUCATION, S.ELEMENTARY, "כיתות ג'-ו'",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (150, 400)),
    ("קריאה לכל ילד - תגבור אוריינות", InvestmentKind.PROGRAMME, "education", D.EDUCATION, S.ELEMENTARY,
     "כיתות א'-ב'", InvestmentNature.PROGRAMME, InvestmentNovelty.NEW, (90, 220)),
    ("פסיכולוגיה חינוכית (שפ\"ח)", InvestmentKind.SERVICE, "authority", D.EDUCATION, S.ELEMENTARY, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (400, 900)),
    ("חוגי העשרה מסובסדים", InvestmentKind.PROGRAMME, "authority", D.EDUCATION, S.ELEMENTARY, "",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (100, 300)),
    ("תנועת נוער - שבט מקומי", InvestmentKind.PROGRAMME, "scouts", D.EDUCATION, S.SECONDARY, "כיתות ד'-י\"ב",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (80, 220)),
    ("מחלקת נוער וצעירים - רכזי נוער", InvestmentKind.STAFFING, "authority", D.EDUCATION, S.SECONDARY, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (350, 800)),
    ("תגבור לבגרות במתמטיקה ואנגלית", InvestmentKind.PROGRAMME, "education", D.EDUCATION, S.SECONDARY,
     "כיתות י'-י\"ב", InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (250, 600)),
    ("קידום נוער - יחידה יישובית", InvestmentKind.SERVICE, "education", D.EDUCATION, S.SECONDARY, "13-18",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (300, 700)),
    ("פתיחת מבני ציבור אחר הצהריים", InvestmentKind.BUDGET_LINE, "authority", D.EDUCATION, S.SECONDARY, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.NEW, (60, 150)),
    ("מרכז מדעים ורובוטיקה", InvestmentKind.FACILITY, "rashi", D.SKILLS_STEM, S.SECONDARY, "כיתות ז'-י\"ב",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (300, 800)),
    ("מגמת סייבר", InvestmentKind.PROGRAMME, "education", D.SKILLS_STEM, S.SECONDARY, "כיתות י'-י\"ב",
     InvestmentNature.PROGRAMME, InvestmentNovelty.NEW, (150, 350)),
    ("מייקרספייס קהילתי", InvestmentKind.FACILITY, "foundation", D.SKILLS_STEM, S.ELEMENTARY, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.NEW, (90, 250)),
    ("אוריינות דיגיטלית להורים", InvestmentKind.PROGRAMME, "bank", D.SKILLS_STEM, S.ADULTS_26_35, "",
     InvestmentNature.PROGRAMME, InvestmentNovelty.NEW, (40, 120)),
    ("מכינה קדם-צבאית", InvestmentKind.PROGRAMME, "mechina", D.MEANINGFUL_SERVICE, S.YOUNG_ADULTS_18_25, "18-19",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (200, 500)),
    ("הכנה לשירות משמעותי", InvestmentKind.PROGRAMME, "authority", D.MEANINGFUL_SERVICE, S.SECONDARY, "כיתות י\"א-י\"ב",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (60, 160)),
    ("שנת שירות (גרעין שנת שירות)", InvestmentKind.PROGRAMME, "scouts", D.MEANINGFUL_SERVICE,
     S.YOUNG_ADULTS_18_25, "18", InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (100, 250)),
    ("מלגות סטודנטים בתמורה למעורבות", InvestmentKind.PROGRAMME, "authority", D.HIGHER_EDUCATION,
     S.YOUNG_ADULTS_18_25, "", InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (150, 400)),
    ("מכינה אקדמית", InvestmentKind.PROGRAMME, "college", D.HIGHER_EDUCATION, S.YOUNG_ADULTS_18_25, "",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (200, 450)),
    ("ייעוץ והכוונה להשכלה גבוהה", InvestmentKind.SERVICE, "negev_galil", D.HIGHER_EDUCATION,
     S.YOUNG_ADULTS_18_25, "", InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (80, 200)),
    ("מרכז צעירים", InvestmentKind.FACILITY, "negev_galil", D.YOUNG_ADULTS, S.YOUNG_ADULTS_18_25, "18-35",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (400, 900)),
    ("דיור לצעירים - תכנית חזרה ליישוב", InvestmentKind.PROGRAMME, "authority", D.YOUNG_ADULTS,
     S.ADULTS_26_35, "", InvestmentNature.PROGRAMME, InvestmentNovelty.NEW, (100, 300)),
    ("מרכז הכוון תעסוקתי (ריחן / אופק)", InvestmentKind.SERVICE, "labour", D.EMPLOYMENT, S.ADULTS_26_35, "",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (300, 700)),
    ("הכשרות מקצועיות בהתאמה למעסיקים", InvestmentKind.PROGRAMME, "labour", D.EMPLOYMENT, S.ADULTS_26_35, "",
     InvestmentNature.PROGRAMME, InvestmentNovelty.EXISTING, (250, 600)),
    ("מרכז עסקים קטנים (מעוף)", InvestmentKind.SERVICE, "negev_galil", D.EMPLOYMENT, S.ADULTS_26_35, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.EXISTING, (150, 350)),
    ("תעסוקת נוער בחופשות", InvestmentKind.PROGRAMME, "bank", D.EMPLOYMENT, S.SECONDARY, "16-18",
     InvestmentNature.PROGRAMME, InvestmentNovelty.NEW, (50, 140)),
    ("רכז/ת תעסוקה יישובי/ת", InvestmentKind.STAFFING, "authority", D.EMPLOYMENT, S.ADULTS_26_35, "",
     InvestmentNature.INFRASTRUCTURE, InvestmentNovelty.NEW, (180, 240)),
]


def _operators():
    found = {}
    for key, (he, en, sector) in OPERATORS.items():
        org = Organization.objects.filter(name_he=he).first()
        if org is None:
            org = Organization(name_he=he, name_en=en, sector=sector)
            org.full_clean()
            org.save()
        found[key] = org
    return found


def seed(*, stdout):
    operators = _operators()
    created = 0
    for initiative in Initiative.objects.filter(status=InitiativeStatus.ACTIVE).select_related("municipality") \
            .order_by("municipality__slug"):
        municipality = initiative.municipality
        if Investment.objects.filter(municipality=municipality).exists():
            continue
        rng = random.Random(f"assets-{municipality.slug}")
        count = rng.randint(22, len(CATALOGUE))
        for row in rng.sample(CATALOGUE, count):
            title, kind, operator, domain, stage, ages, nature, novelty, (lo, hi) = row
            start = rng.randint(2012, 2024) if novelty == InvestmentNovelty.EXISTING else rng.randint(2023, 2025)
            end = None if rng.random() < 0.8 else min(start + rng.randint(1, 4), 2026)
            services.investment_create(
                municipality=municipality, by=None, title=title, kind=kind, operator=operators[operator],
                sector=operators[operator].sector, domain=domain, life_stage=stage, age_group=ages,
                start_year=start, end_year=end, nature=nature, novelty=novelty,
                annual_budget=Decimal(rng.randint(lo, hi) * 1000))
            created += 1
    stdout.write(f"  asset map: {created} programmes and services")
