"""Audit trail on top of django-simple-history: who changed what and when, per municipality, and
restoring an earlier version (or a deleted record)."""
from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import tenancy
from core.tenancy import TenantModel


def tenant_models() -> list[type[TenantModel]]:
    return [m for m in apps.get_models() if issubclass(m, TenantModel) and hasattr(m, "history")]


def model_by_label(label: str):
    """`app_label.ModelName` → a tenant model with history, or None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if model in tenant_models() else None


@dataclass
class Change:
    field: str
    old: object
    new: object


def changes_of(record) -> list[Change]:
    prev = record.prev_record
    if prev is None:
        return []
    delta = record.diff_against(prev)
    out = []
    for change in delta.changes:
        try:
            field = record.instance_type._meta.get_field(change.field)
        except Exception:  # noqa: BLE001 - a field that no longer exists
            out.append(Change(change.field, change.old, change.new))
            continue
        old, new = change.old, change.new
        if field.choices:  # show "Local director", not "local_director"
            labels = dict(field.flatchoices)
            old, new = labels.get(old, old), labels.get(new, new)
        out.append(Change(str(field.verbose_name), old, new))
    return out


def municipality_log(*, municipality=None, limit=100, model_label: str = ""):
    """The most recent changes across every tenant model (one query a model), or of one model when
    `model_label` names it, as far as the active scope reaches: `Model.history` is scoped like
    `objects`, so nothing here filters by municipality by hand. `municipality` narrows the active
    scope to that one municipality (it never widens it: outside the scope it raises)."""
    if municipality is not None:
        with tenancy.narrow(municipality):
            return municipality_log(limit=limit, model_label=model_label)
    rows = []
    models = [m for m in tenant_models() if not model_label or m._meta.label == model_label]
    for model in models:
        qs = model.history.select_related("history_user").order_by("-history_date")[:limit]
        for record in qs:
            record.model_label = model._meta.label
            record.model_verbose_name = model._meta.verbose_name
            rows.append(record)
    rows.sort(key=lambda r: r.history_date, reverse=True)
    return rows[:limit]


def object_history(model, pk):
    """The history records of one object (deleted or not) in the active scope, newest first."""
    return model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user") \
        .order_by("-history_date")


@transaction.atomic
def restore_version(*, record, by):
    """Bring an object back to the state of a historical record (recreating it if deleted).
    The restore is itself a new, attributed history entry."""
    instance = record.instance
    model = type(instance)
    instance._state.adding = not model.all_municipalities.filter(pk=instance.pk).exists()
    instance._change_reason = _("Restored the version of %(date)s") % {
        "date": timezone.localtime(record.history_date).strftime("%d.%m.%Y %H:%M")}
    instance._history_user = by
    instance.full_clean(validate_unique=True)
    instance.save()
    return instance
