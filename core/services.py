"""The one save/update helper every app's services write through (pages, API, restores, imports and
tasks alike), in the spirit of HackSoftware's `model_update`:

- `model_save(instance, by=..., reason=...)`: validate (`full_clean`), attribute (`_history_user`,
  `_change_reason`) and save, with the optimistic lock below on every update;
- `model_update(instance=..., fields=[...], data={...}, by=...)`: set only the allow-listed fields
  that `data` names, save only those (`update_fields`) and report whether anything changed.

Optimistic lock (compare and write in one step): an update of a model with `updated_at` is written
only if the row still carries the `updated_at` the caller read: `UPDATE ... SET updated_at=now WHERE
pk=.. AND updated_at=<read>` claims the row (and holds its write lock until the transaction ends), so
of two simultaneous saves only one can succeed; the other gets a `ValidationError` (code "stale") and
nothing of it is written. The version read is, in order: what the caller declared with
`expect_version()` (the form's hidden field, the API client's `updated_at`), else the `updated_at` the
instance was loaded with.

Deletes go through `delete_guarded()`: a record still referenced (`ProtectedError` /
`RestrictedError`) is refused with a translated `ValidationError` (code "protected") and the
guards other apps registered for the model (`register_delete_guard`) run first.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.textcaps import check_text_sizes

VERSION_FIELD = "updated_at"
_READ_VERSION = "_read_version"

STALE_MESSAGE = ("Someone else saved this record after you read it. Nothing was saved: reload it to see "
                 "the other changes, then apply yours again.")


class StaleVersionError(ValidationError):
    """The record changed since the caller read it (the optimistic lock refused the write)."""

    def __init__(self):
        # Not bound to a field: a form shows it above its fields (the API puts it on `updated_at`).
        super().__init__(_(STALE_MESSAGE), code="stale")


def has_version(instance) -> bool:
    return any(f.name == VERSION_FIELD for f in instance._meta.concrete_fields)


def parse_version(value) -> dt.datetime | None:
    """A version as sent by a form or a client (ISO 8601 text) → an aware datetime (None if empty);
    a ValidationError if it is not a date and time."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError({VERSION_FIELD: _("Not a valid date and time.")}, code="invalid")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def expect_version(instance, version) -> None:
    """Declare the version (`updated_at`) the caller read: the next save of `instance` is refused if
    the row no longer carries it. `version` may be a datetime or its ISO text; empty does nothing."""
    parsed = parse_version(version)
    if parsed is not None:
        setattr(instance, _READ_VERSION, parsed)


def _read_version(instance):
    declared = instance.__dict__.get(_READ_VERSION)
    return declared if declared is not None else getattr(instance, VERSION_FIELD, None)


def _claim(instance) -> None:
    """Compare and write in one statement: bump `updated_at` only where it still equals the version
    read. Zero rows means someone else wrote in between (or the row is gone)."""
    expected = _read_version(instance)
    if expected is None:
        return
    manager = type(instance)._base_manager
    claimed = manager.filter(pk=instance.pk, **{VERSION_FIELD: expected}).update(
        **{VERSION_FIELD: timezone.now()})
    if claimed != 1:
        raise StaleVersionError()


_DEFAULT_REASON: contextvars.ContextVar[str | None] = contextvars.ContextVar("change_reason", default=None)


@contextlib.contextmanager
def change_reason(reason):
    """Every save inside the block without a reason of its own records `reason` (e.g. a restore from
    the change log, which runs the app's ordinary services)."""
    token = _DEFAULT_REASON.set(str(reason))
    try:
        yield
    finally:
        _DEFAULT_REASON.reset(token)


def _attribute(instance, *, by, reason):
    reason = reason or _DEFAULT_REASON.get()
    instance._history_user = by
    if reason:
        instance._change_reason = str(reason)[:100]
    else:  # never carry an earlier save's reason over to this one
        instance.__dict__.pop("_change_reason", None)


@transaction.atomic
def model_save(instance: models.Model, *, by, reason=None, update_fields: Iterable[str] | None = None,
               exclude: Iterable[str] | None = None, check_version: bool = True):
    """Validate (with the text size caps of `core.textcaps`), attribute and save one instance (new or existing). An existing row with `updated_at`
    is written only over the version the caller read (see the module docstring)."""
    _attribute(instance, by=by, reason=reason)
    check_text_sizes(instance)
    instance.full_clean(exclude=list(exclude) if exclude else None)
    adding = instance._state.adding or instance.pk is None
    if not adding and check_version and has_version(instance):
        _claim(instance)
    if update_fields is not None:
        update_fields = set(update_fields)
        if has_version(instance):
            update_fields.add(VERSION_FIELD)
        instance.save(update_fields=sorted(update_fields))
    else:
        instance.save()
    instance.__dict__.pop(_READ_VERSION, None)
    return instance


def model_update(*, instance: models.Model, fields: Iterable[str], data: dict, by, reason=None):
    """Set the allow-listed `fields` that `data` holds, then validate and save only those.
    Returns `(instance, has_updated)`; nothing is written (no history row) when nothing changed."""
    allowed = list(fields)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.")
                              % {"fields": ", ".join(sorted(unknown))}, code="not_allowed")
    changed = []
    for name in allowed:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        new = data[name]
        compare = new.pk if isinstance(new, models.Model) else new
        if field.value_from_object(instance) != compare:
            changed.append(name)
            setattr(instance, name, new)
    if not changed:
        return instance, False
    model_save(instance, by=by, reason=reason, update_fields=changed)
    return instance, True


def set_fields(instance, data: dict, *, fields: Iterable[str] | None = None):
    """Assign `data` to `instance` (only `fields` when given): used by services that take `**fields`."""
    allowed = set(fields) if fields is not None else None
    for key, value in data.items():
        if allowed is not None and key not in allowed:
            raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {"fields": key},
                                  code="not_allowed")
        setattr(instance, key, value)
    return instance


# --- deletes --------------------------------------------------------------------------------------
_DELETE_GUARDS: dict[type, list[Callable]] = defaultdict(list)


def register_delete_guard(model: type[models.Model], guard: Callable) -> None:
    """`guard(instance)` raises ValidationError when `instance` must not be deleted (or deactivated).
    Lets a later stage protect what it references in an earlier one (teams protect a domain lead
    in the people directory) without the earlier stage importing the later."""
    if guard not in _DELETE_GUARDS[model]:
        _DELETE_GUARDS[model].append(guard)


def check_delete_guards(instance) -> None:
    for model in type(instance).__mro__:
        for guard in _DELETE_GUARDS.get(model, ()):
            guard(instance)


def protected_message(exc) -> str:
    objects = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or [])
    kinds = sorted({str(o._meta.verbose_name) for o in objects})
    if kinds:
        return _("This record is still referenced by other records (%(kinds)s), so it cannot be deleted. "
                 "Remove or change those first.") % {"kinds": ", ".join(kinds)}
    return _("This record is still referenced by other records, so it cannot be deleted.")


@transaction.atomic
def delete_guarded(instance, *, by, reason=None) -> None:
    """Delete (with an attributed history row), refusing a referenced record with a message."""
    check_delete_guards(instance)
    _attribute(instance, by=by, reason=reason)
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(protected_message(exc), code="protected")
