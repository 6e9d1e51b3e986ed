from django import template
from django.utils.html import format_html

from core.reference import Sector

register = template.Library()


@register.filter
def sector_label(value):
    """The translated label of a source-sector code (budget snapshots store the code)."""
    return dict(Sector.choices).get(value, value)


@register.filter
def ltr(value):
    """A left-to-right fragment (user name, fingerprint, date and time) isolated inside right-to-left text,
    so the bidi algorithm neither reorders its parts nor mixes it with the surrounding words, and it is
    not broken across lines at its hyphens."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr" class="ltr-fragment">{}</bdi>', value)
