"""Template filters for text direction and language (built in: every template has them).

- `{{ obj|loc:"name" }}` — a data label in the active language; a fallback in another language is
  marked with its `lang` and `dir` (core.i18n), so a screen reader and the bidi algorithm read it right.
- `{{ value|ltr }}` — numbers, money, dates, codes, e-mails: isolated left-to-right (`<bdi dir="ltr">`),
  so "-50000" never becomes "50000-" and "10:30 1.12.2026" never swaps in a right-to-left page.
- `{{ value|isodt }}` — the `datetime` attribute of `<time>`: ISO 8601 without microseconds.
- `{{ text|lang_of }}` — "he", "ar" or "" from the script of user-written text, for `lang="…"` beside
  `dir="auto"` on user content."""
import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from core.i18n import Localized, current_language, guess_lang, localized

register = template.Library()



@register.filter
def loc(obj, field="name"):
    if obj is None or obj == "":
        return ""
    if isinstance(obj, str) and not isinstance(obj, Localized):
        return obj  # already plain text (a dash, a label)
    text = obj if isinstance(obj, Localized) else localized(obj, field)
    if text.lang and text.lang != current_language():
        return format_html('<span lang="{}" dir="{}">{}</span>', text.lang, text.dir, text)
    return text


@register.filter
def ltr(value):
    if value is None or value == "":
        return value
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def isodt(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value or ""


@register.filter
def lang_of(text):
    return guess_lang(text)


@register.filter
def user_text(text):
    """Inline user content: `<span dir="auto" lang="…">`."""
    if text is None or text == "":
        return ""
    lang = guess_lang(text)
    if lang:
        return format_html('<span dir="auto" lang="{}">{}</span>', lang, text)
    return format_html('<span dir="auto">{}</span>', text)
