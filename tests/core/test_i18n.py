"""Data labels in three languages with a visible fallback; direction filters; ISO datetimes."""
import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone, translation

from core.i18n import guess_lang, localized
from core.reference import DISTRICTS, district_label, source_label
from mapping.catalogue import MOBILITY, REGISTRY
from municipalities.models import Municipality, Organization

DATA = Path(__file__).resolve().parents[2] / "data"


def render(text, **context):
    return Template(text).render(Context(context))


@pytest.mark.django_db
def test_every_authority_has_an_arabic_name_after_the_import():
    call_command("import_authorities", str(DATA / "israel_local_authorities.csv"))
    assert Municipality.objects.count() == 255
    assert not Municipality.objects.filter(name_ar="").exists()
    assert not Municipality.objects.filter(name_en="").exists()  # Sdot Dan has none in the CBS file
    yarka = Municipality.objects.get(slug="yarka")
    with translation.override("ar"):
        assert yarka.name == "يركا" and yarka.name.lang == "ar"
        assert yarka.district_label == "الشمال"
    with translation.override("en"):
        assert yarka.name == "Yarka" and yarka.district_label == "Northern"
    with translation.override("he"):
        assert yarka.name == "ירכא" and yarka.district_label == "הצפון"


def test_the_arabic_names_file_covers_the_registry_exactly():
    with open(DATA / "israel_local_authorities.csv", encoding="utf-8") as handle:
        registry = {r["cbs_code"]: r["name_he"] for r in csv.DictReader(handle)}
    with open(DATA / "authority_names.csv", encoding="utf-8") as handle:
        names = {r["cbs_code"]: r for r in csv.DictReader(handle)}
    assert names.keys() == registry.keys()
    assert all(names[c]["name_he"] == registry[c] and names[c]["name_ar"] for c in registry)
    assert all(guess_lang(r["name_ar"]) == "ar" for r in names.values())


def test_every_district_of_the_registry_has_three_languages():
    with open(DATA / "israel_local_authorities.csv", encoding="utf-8") as handle:
        districts = {r["district"] for r in csv.DictReader(handle)}
    assert districts <= DISTRICTS.keys()
    with translation.override("en"):
        assert str(district_label("הדרום")) == "Southern"


def test_indicators_and_sources_have_three_languages():
    assert all(d.name_he and d.name_en and d.name_ar for d in REGISTRY + MOBILITY)
    with translation.override("ar"):
        label = source_label("CBS, Local Authorities in Israel 2021")
        assert label.lang == "ar" and "دائرة الإحصاء المركزية" in label
        typed = source_label("מהדורת 2024")  # a user-typed edition: shown as written, marked Hebrew
        assert typed.lang == "he" and typed.is_fallback


@pytest.mark.django_db
def test_a_missing_translation_is_a_visible_fallback_never_a_silent_mix():
    org = Organization(name_he="משרד החינוך", name_en="Ministry of Education", sector="government")
    with translation.override("ar"):
        assert localized(org, "name").lang == "he"
        assert render('{{ o|loc:"name" }}', o=org) == '<span lang="he" dir="rtl">משרד החינוך</span>'
        org.name_ar = "وزارة التربية والتعليم"
        assert render("{{ o|loc }}", o=org) == "وزارة التربية والتعليم"
    with translation.override("en"):
        assert render("{{ o|loc }}", o=org) == "Ministry of Education"
        org.name_en = ""
        assert render("{{ o|loc }}", o=org) == '<span lang="he" dir="rtl">משרד החינוך</span>'


def test_numbers_dates_and_user_text_keep_their_direction():
    assert render("{{ n|ltr }}", n=-50000) == '<bdi dir="ltr">-50000</bdi>'
    assert render("{{ t|user_text }}", t="סדר היום: ג'ובים") == '<span dir="auto" lang="he">סדר היום: ג&#x27;ובים</span>'
    assert render("{{ t|user_text }}", t="جدول الأعمال") == '<span dir="auto" lang="ar">جدول الأعمال</span>'
    assert render("{{ t|ltr }}", t="<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'  # still escaped


def test_time_datetime_is_iso_without_microseconds():
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 30, 15, 123456), timezone=dt.timezone.utc)
    with timezone.override("Asia/Jerusalem"):
        assert render("{{ m|isodt }}", m=moment) == "2026-03-01T11:30:15+02:00"
    assert render("{{ d|isodt }}", d=dt.date(2026, 3, 1)) == "2026-03-01"
