"""Holiday names follow the interface language; the package has no Arabic, so the Arabic interface
translates its English names (HOLIDAY_NAMES must list every name the package gives)."""
import datetime as dt

import holidays
from django.utils import translation
from django.utils.translation import pgettext

from core import workdays

YOM_KIPPUR_2026 = dt.date(2026, 9, 21)


def _package_names():
    names = set()
    for year in range(2025, 2036):
        for name in holidays.country_holidays("IL", years=year, categories=workdays.CATEGORIES,
                                              language="en_US").values():
            names.update(name.split("; "))
    return names


def test_every_holiday_name_of_the_package_is_listed_for_translation():
    with translation.override("en"):
        assert _package_names() <= {str(name) for name in workdays.HOLIDAY_NAMES}


def test_arabic_interface_gets_the_translated_holiday_name():
    with translation.override("en"):
        english = workdays.holiday_name(YOM_KIPPUR_2026)
    with translation.override("ar"):
        arabic = workdays.holiday_name(YOM_KIPPUR_2026)
        assert arabic == pgettext("holiday", "Yom Kippur")
        assert "Yom Kippur" not in workdays.day_conflict(YOM_KIPPUR_2026)
    assert english == "Yom Kippur"
    assert arabic != english


def test_hebrew_names_come_from_the_package():
    with translation.override("he"):
        assert workdays.holiday_name(YOM_KIPPUR_2026) == holidays.country_holidays(
            "IL", years=2026, categories=workdays.CATEGORIES, language="he")[YOM_KIPPUR_2026]


def test_an_ordinary_weekday_has_no_holiday_name():
    with translation.override("ar"):
        assert workdays.holiday_name(dt.date(2026, 11, 10)) is None
