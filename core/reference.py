"""Fixed reference lists shared by every stage (ROADMAP.md vocabulary). Code names are English,
labels are translated (Hebrew in the UI by default)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    """Who a person or organization represents in a body (stage 4 composition)."""

    AUTHORITY = "authority", _("Authority (officials and domain leads)")
    RESIDENTS = "residents", _("Residents")
    THIRD_SECTOR = "third_sector", _("Third sector")
    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    PHILANTHROPY = "philanthropy", _("Philanthropy")
    ACADEMIA = "academia", _("Academia")
    INITIATIVE_STAFF = "initiative_staff", _("Initiative staff")


class Infrastructure(models.TextChoices):
    """The five social infrastructures (תשתיות חברתיות)."""

    POLICY_HUMAN_CAPITAL = "policy_human_capital", _("Policy and human capital")
    DATA_BASED_DECISIONS = "data_based_decisions", _("Data-based decisions")
    SHARED_OUTCOMES = "shared_outcomes", _("Shared long-term outcomes")
    CONTINUUM = "continuum", _("Continuum across ages and domains")
    PUBLIC_PARTICIPATION = "public_participation", _("Public participation and community organizing")


class MobilityDomain(models.TextChoices):
    """Mobility domains (תחומי מוביליות)."""

    EARLY_CHILDHOOD = "early_childhood", _("Early childhood")
    EDUCATION = "education", _("Formal and informal education")
    MEANINGFUL_SERVICE = "meaningful_service", _("Meaningful service")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    EMPLOYMENT = "employment", _("Employment")
    SKILLS_STEM = "skills_stem", _("21st-century skills and STEM")
    YOUNG_ADULTS = "young_adults", _("Young adults")


class LifeStage(models.TextChoices):
    """Age bands along the birth-to-employment continuum."""

    BIRTH_6 = "birth_6", _("Birth to 6")
    ELEMENTARY = "elementary", _("Elementary (grades 1-6)")
    SECONDARY = "secondary", _("Secondary (grades 7-12)")
    YOUNG_ADULTS_18_25 = "young_adults_18_25", _("Young adults 18-25")
    ADULTS_26_35 = "adults_26_35", _("Adults 26-35")


class Phase(models.TextChoices):
    """Phases of an initiative on the roadmap's timeline."""

    PRE_ESTABLISHMENT = "pre_establishment", _("Pre-establishment")
    PLANNING_YEAR = "planning_year", _("Planning year")
    IMPLEMENTATION = "implementation", _("Implementation")
    EXITED = "exited", pgettext_lazy("initiative phase", "Exited")


# The CBS districts, keyed by the Hebrew name the registry carries. The CBS file has Hebrew and English;
# the Arabic names are those of the CBS Arabic publications (a data list, not UI text: it is not in the
# translation catalogues because the key is the Hebrew data value).
DISTRICTS = {
    "ירושלים": {"en": "Jerusalem", "ar": "القدس"},
    "הצפון": {"en": "Northern", "ar": "الشمال"},
    "חיפה": {"en": "Haifa", "ar": "حيفا"},
    "המרכז": {"en": "Central", "ar": "المركز"},
    "תל אביב": {"en": "Tel Aviv", "ar": "تل أبيب"},
    "הדרום": {"en": "Southern", "ar": "الجنوب"},
    "אזור יהודה והשומרון": {"en": "Judea and Samaria Area", "ar": "منطقة يهودا والسامرة"},
}


def district_label(district_he: str, district_en: str = "", lang: str | None = None):
    """A district name in the active language, falling back visibly (see core.i18n)."""
    from core.i18n import pick

    known = DISTRICTS.get(district_he or "", {})
    return pick({"he": district_he, "en": district_en or known.get("en", ""), "ar": known.get("ar", "")}, lang)


# The publications indicator values come from, keyed by the English source line stored with each value.
DATA_SOURCES = {
    "CBS, Local Authorities in Israel 2021": {
        "he": 'הלמ"ס, הרשויות המקומיות בישראל 2021',
        "ar": "دائرة الإحصاء المركزية، السلطات المحلية في إسرائيل 2021"},
    "CBS, socio-economic index of local authorities 2019": {
        "he": 'הלמ"ס, מדד חברתי-כלכלי של הרשויות המקומיות 2019',
        "ar": "دائرة الإحصاء المركزية، المؤشر الاجتماعي الاقتصادي للسلطات المحلية 2019"},
    "CBS, peripherality index of local authorities 2020": {
        "he": 'הלמ"ס, מדד הפריפריאליות של הרשויות המקומיות 2020',
        "ar": "دائرة الإحصاء المركزية، مؤشر الطرفية للسلطات المحلية 2020"},
}


def source_label(source: str, lang: str | None = None):
    """A source line in the active language; an edition typed by a user (a registry refresh) is shown
    as written, marked with the language it is in."""
    from core.i18n import guess_lang, pick

    known = DATA_SOURCES.get(source or "")
    if known is None:
        return pick({guess_lang(source) or "en": source or ""}, lang)
    return pick({"en": source, **known}, lang)
