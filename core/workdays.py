"""Which days suit a meeting in Israel: not Shabbat, not Friday (the eve of Shabbat), not a Jewish or
national holiday, not Chol HaMoed, not the eve of a holiday.

The holidays come from the maintained `holidays` package (python-holidays, Israel), never from a list
kept by hand: its "public" category holds Rosh Hashana, Yom Kippur, Sukkot, Shemini Atzeret, Pesach
and its seventh day, Shavuot and Independence Day; "optional" adds Chol HaMoed of Sukkot and Pesach,
Purim, Remembrance Day, Jerusalem Day, Tisha B'Av and Sigd. School-only days (Hanukkah, Lag BaOmer)
are not avoided: work goes on.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import translation
from django.utils.translation import gettext as _

CATEGORIES = (holidays.PUBLIC, holidays.OPTIONAL)
FRIDAY, SATURDAY = 4, 5


def _package_language() -> str:
    return "he" if (translation.get_language() or "he")[:2] == "he" else "en_US"


@lru_cache(maxsize=64)
def _holidays(year: int, language: str):
    return holidays.country_holidays("IL", years=[year, year + 1], categories=CATEGORIES, language=language)


@lru_cache(maxsize=64)
def _public(year: int):
    return holidays.country_holidays("IL", years=[year, year + 1], categories=(holidays.PUBLIC,),
                                     language="en_US")


def holiday_name(day: dt.date) -> str | None:
    """The holiday (or Chol HaMoed day) on `day`, in the active language, or None."""
    names = _holidays(day.year, _package_language())
    return names.get(day)


def day_conflict(day: dt.date) -> str | None:
    """Why `day` does not suit a meeting ("Shabbat", "Yom Kippur", "the eve of Pesach", ...), or
    None when it does."""
    if day.weekday() == SATURDAY:
        return _("Shabbat")
    name = holiday_name(day)
    if name:
        return name
    if day.weekday() == FRIDAY:
        return _("Friday, the eve of Shabbat")
    tomorrow = day + dt.timedelta(days=1)
    if tomorrow in _public(tomorrow.year):
        return _("the eve of %(holiday)s") % {"holiday": holiday_name(tomorrow)}
    return None


def next_suitable_day(day: dt.date, *, limit: int = 21) -> dt.date:
    """The first day from `day` on that suits a meeting, staying in the same month where possible
    (else the last suitable day before it in the month); `day` itself when nothing within `limit`
    days does."""
    for step in range(limit):
        candidate = day + dt.timedelta(days=step)
        if candidate.month != day.month:
            break
        if day_conflict(candidate) is None:
            return candidate
    for step in range(1, limit):
        candidate = day - dt.timedelta(days=step)
        if candidate.month != day.month:
            break
        if day_conflict(candidate) is None:
            return candidate
    return day
