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
from django.utils.translation import pgettext, pgettext_lazy

CATEGORIES = (holidays.PUBLIC, holidays.OPTIONAL)
FRIDAY, SATURDAY = 4, 5


# The package names Israel's holidays in Hebrew and English only: the Arabic interface translates its
# English names (a name the package adds later shows in English until it is translated here).
HOLIDAY_NAMES = (  # listed for makemessages; translated where shown, by _translated()
    pgettext_lazy("holiday", "Rosh Hashanah"),
    pgettext_lazy("holiday", "Yom Kippur"),
    pgettext_lazy("holiday", "Sukkot"),
    pgettext_lazy("holiday", "Sukkot holiday"),
    pgettext_lazy("holiday", "Simchat Torah / Shemini Atzeret"),
    pgettext_lazy("holiday", "Pesach"),
    pgettext_lazy("holiday", "Pesach holiday"),
    pgettext_lazy("holiday", "Seventh day of Pesach"),
    pgettext_lazy("holiday", "Shavuot"),
    pgettext_lazy("holiday", "Independence Day"),
    pgettext_lazy("holiday", "Independence Day (observed)"),
    pgettext_lazy("holiday", "Purim"),
    pgettext_lazy("holiday", "Remembrance Day"),
    pgettext_lazy("holiday", "Remembrance Day (observed)"),
    pgettext_lazy("holiday", "Jerusalem Day"),
    pgettext_lazy("holiday", "Tisha B'Av"),
    pgettext_lazy("holiday", "Tisha B'Av (observed)"),
    pgettext_lazy("holiday", "Sigd"),
)


def _package_language() -> str:
    return "he" if (translation.get_language() or "he")[:2] == "he" else "en_US"


def _translated(name: str) -> str:
    if (translation.get_language() or "he")[:2] != "ar":
        return name
    return "؛ ".join(pgettext("holiday", part) for part in name.split("; "))


@lru_cache(maxsize=64)
def _holidays(year: int, language: str):
    return holidays.country_holidays("IL", years=[year, year + 1], categories=CATEGORIES, language=language)


@lru_cache(maxsize=64)
def _public(year: int):
    return holidays.country_holidays("IL", years=[year, year + 1], categories=(holidays.PUBLIC,),
                                     language="en_US")


def holiday_name(day: dt.date) -> str | None:
    """The holiday (or Chol HaMoed day) on `day`, in the active language, or None."""
    name = _holidays(day.year, _package_language()).get(day)
    return _translated(name) if name else None


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
