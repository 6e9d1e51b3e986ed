from django import template

from core.reference import Sector

register = template.Library()


@register.filter
def sector_label(value):
    """The translated label of a source-sector code (budget snapshots store the code)."""
    return dict(Sector.choices).get(value, value)
