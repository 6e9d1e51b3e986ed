"""Data labels in three languages: one mechanism for every model and reference list.

`localized(obj, "name")` reads `name_<lang>` of the active language (`name_he` may also be plain `name`'s
Hebrew column, e.g. `district`), falling back to Hebrew, then English. It returns a `Localized` string that
knows which language it is actually in, so a template can mark a fallback visibly and correctly
(`{{ obj|loc:"name" }}` renders `<span lang="he" dir="rtl">…</span>` when the Hebrew name stands in an
Arabic page): never a silent mix of languages."""
from __future__ import annotations

import re

from django.utils import translation

LANGUAGES = ("he", "en", "ar")
RTL_LANGUAGES = {"he", "ar"}
HEBREW = re.compile(r"[\u0590-\u05FF]")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")
LATIN = re.compile(r"[A-Za-z]")
FALLBACKS = {"he": ("he", "en", "ar"), "en": ("en", "he", "ar"), "ar": ("ar", "he", "en")}


class Localized(str):
    """Text with the language it is written in (`lang`)."""

    lang: str = ""

    def __new__(cls, value, lang=""):
        text = super().__new__(cls, value or "")
        text.lang = lang
        return text

    @property
    def dir(self) -> str:
        return "rtl" if self.lang in RTL_LANGUAGES else "ltr"

    @property
    def is_fallback(self) -> bool:
        return bool(self) and self.lang != current_language()


def current_language() -> str:
    code = (translation.get_language() or "he")[:2]
    return code if code in FALLBACKS else "he"


def pick(values: dict, lang: str | None = None) -> Localized:
    """The text for `lang` (default: the active language) from {"he": …, "en": …, "ar": …}."""
    lang = lang or current_language()
    for code in FALLBACKS.get(lang, FALLBACKS["he"]):
        text = (values.get(code) or "").strip()
        if text:
            return Localized(text, code)
    return Localized("", lang)


def localized(obj, field: str, lang: str | None = None) -> Localized:
    """`obj.<field>_<lang>` with the fallbacks above. A field whose Hebrew column is the bare name
    (`district` beside `district_en`) is read as Hebrew."""
    values = {}
    for code in LANGUAGES:
        value = getattr(obj, f"{field}_{code}", None)
        if value is None and code == "he":
            bare = getattr(obj, field, None)
            value = bare if isinstance(bare, str) and not isinstance(bare, Localized) else None
        values[code] = value or ""
    return pick(values, lang)


def guess_lang(text) -> str:
    """The language of user-written text by its script (Hebrew or Arabic letters first), else ""."""
    text = str(text or "")
    hebrew, arabic = len(HEBREW.findall(text)), len(ARABIC.findall(text))
    if hebrew or arabic:
        return "he" if hebrew >= arabic else "ar"
    return "en" if LATIN.search(text) else ""
