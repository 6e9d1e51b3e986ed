"""Audit trail on top of django-simple-history: who changed what and when, per municipality, and
restoring an earlier version (or a deleted record)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, Value
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
    models = [m for m in tenant_models() if not model_label or m._meta.label == model_label]
    if not models:
        return []
    # One query finds the newest `limit` changes over every history table (a UNION ALL of narrow,
    # scoped selects: each part is a TenantQuery, so each carries the scope filter); then one query per
    # model that has rows among them loads those rows. Loading `limit` full rows of every model and
    # sorting them in Python made the change log the slowest page (one wide query per tenant model).
    parts = [model.history.order_by().annotate(_audit_model=Value(index, output_field=IntegerField()))
             .values_list("_audit_model", "history_id", "history_date") for index, model in enumerate(models)]
    newest = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    wanted: dict[int, list[int]] = {}
    for index, history_id, _date in newest.order_by("-history_date")[:limit]:
        wanted.setdefault(index, []).append(history_id)
    rows = []
    for index, ids in wanted.items():
        model = models[index]
        for record in model.history.filter(history_id__in=ids).select_related("history_user"):
            record.model_label = model._meta.label
            record.model_verbose_name = model._meta.verbose_name
            rows.append(record)
    rows.sort(key=lambda r: r.history_date, reverse=True)
    return rows[:limit]


def object_history(model, pk):
    """The history records of one object (deleted or not) in the active scope, newest first."""
    return model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user") \
        .order_by("-history_date")


# --- restoring ------------------------------------------------------------------------------------
# How each model is restored from the change log. A model declares `audit_restorable = False` (or an
# app registers `restorable=False`) when an old version must never come back: acts of a role
# (signatures, versions, approvals, appointments, role grants). Otherwise an app may register its own
# restore service, which receives the old version as an unsaved instance and writes it through the
# app's ordinary services (so every rule of the page applies); without one, the old version is
# written through core.services.model_save (validation, attribution).
_RESTORERS: dict[type, Callable | None] = {}
_NOT_RESTORABLE: dict[type, str] = {}


def register_restore(model, service: Callable | None = None, *, restorable: bool = True, reason: str = ""):
    """`service(*, instance, current, by)` restores `instance` (the old version; `current` is the
    live row or None if it was deleted). `restorable=False` forbids restoring `model`, with `reason`."""
    if restorable:
        _RESTORERS[model] = service
        _NOT_RESTORABLE.pop(model, None)
    else:
        _NOT_RESTORABLE[model] = reason
        _RESTORERS.pop(model, None)


def is_restorable(model) -> bool:
    return model not in _NOT_RESTORABLE and getattr(model, "audit_restorable", True)


def _refusal(model) -> str:
    return _NOT_RESTORABLE.get(model) or _(
        "A %(kind)s records an act of a role (a signature, an approval, an appointment or a granted role): "
        "it is changed only by that act, never by restoring an old version.") % {
        "kind": model._meta.verbose_name}


def refuse_changed_fields(*, instance, current, fields, message):
    """For restore services: refuse when the old version differs from the live row in `fields`
    (the part of a record that is an act of a role)."""
    if current is None:
        return
    for name in fields:
        field = type(instance)._meta.get_field(name)
        if field.value_from_object(instance) != field.value_from_object(current):
            raise ValidationError(message, code="not_restorable")


@transaction.atomic
def restore_version(*, record, by):
    """Bring an object back to the state of a historical record (recreating it if deleted), through
    the model's restore service. The restore is itself a new, attributed history entry; a model
    whose versions are acts of a role is refused (ValidationError)."""
    from core import services

    instance = record.instance
    model = type(instance)
    if not is_restorable(model):
        raise ValidationError(_refusal(model), code="not_restorable")
    current = model.all_municipalities.filter(pk=instance.pk).first()
    instance._state.adding = current is None
    if current is not None and services.has_version(instance):
        services.expect_version(instance, current.updated_at)  # the live row is the one overwritten
    reason = _("Restored the version of %(date)s") % {
        "date": timezone.localtime(record.history_date).strftime("%d.%m.%Y %H:%M")}
    with services.change_reason(reason):
        restorer = _RESTORERS.get(model)
        if restorer is not None:
            result = restorer(instance=instance, current=current, by=by)
            return instance if result is None else result
        return services.model_save(instance, by=by, reason=reason)
