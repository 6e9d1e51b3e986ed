"""`{{ record|audit_label }}`: a change-log row's name that never fails. A historical row's
`__str__` follows its foreign keys, which may name a record deleted since."""
from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.filter
def audit_label(record):
    try:
        return str(record.history_object)
    except (ObjectDoesNotExist, AttributeError, ValueError):
        return f"{record.instance_type._meta.verbose_name} #{record.id}"
