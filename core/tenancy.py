"""Fail-closed tenant scoping: reads, joins, history and writes.

The municipality a request (or task) works on is put in a ContextVar by the access layer
(`core.access`, `core.api.viewsets`, `core.tasks.tenant_task`). Everything a tenant model offers obeys
it, and with no scope at all everything raises `TenantScopeError` instead of touching every
municipality's rows:

- **reads**: the default manager `Model.objects` filters by the scope when the query runs
  (`TenantQuery.get_compiler`), including as a subquery;
- **history**: `Model.history` (django-simple-history) is scoped the same way (`TenantHistoryManager`);
- **joins**: no reverse relation leads from `Municipality` to a tenant model (their FKs are
  `related_name="+"`), so a join can only start from a scoped manager;
- **writes**: `save()`, `delete()`, `bulk_create()`, `bulk_update()` and `QuerySet.update()/delete()`
  refuse a row outside the scope (through any manager, `all_municipalities` included); no write moves a
  row to another municipality;
- **references**: a tenant row may only point (FK, later generic relation) to a row of its own
  municipality (`check_same_municipality`, run by `full_clean()` and `save()`).

Code that really needs all municipalities (HQ views, imports, seeding) says so in greppable ways:

    Model.all_municipalities.filter(...)          # an explicit unscoped manager (reads)
    Model.history.all_municipalities()            # the same for history
    with tenancy.scope_all(): ...                 # an explicit all-municipalities scope (reads and writes)

Later, PostgreSQL row-level security will enforce the same scope in the database: the scope maps onto
`SET LOCAL app.municipality_id` (see docs/architecture.md, "Tenancy").
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.sql import Query
from django.utils.translation import gettext as _
from simple_history.manager import HistoricalQuerySet, HistoryManager
from simple_history.models import HistoricalRecords

TENANT_FIELD = "municipality"


class TenantScopeError(RuntimeError):
    """A tenant-owned model was read or written outside the active municipality scope."""


@dataclass(frozen=True)
class Scope:
    """Which municipalities the current code may touch. `ids=None` means all of them."""

    ids: frozenset[int] | None

    @property
    def is_all(self) -> bool:
        return self.ids is None

    def allows(self, municipality_id) -> bool:
        return self.ids is None or municipality_id in self.ids


_current: ContextVar[Scope | None] = ContextVar("yishuv_tenant_scope", default=None)


def current_scope() -> Scope | None:
    return _current.get()


def _ids(municipalities) -> frozenset[int]:
    return frozenset(m if isinstance(m, int) else m.pk for m in municipalities)


@contextlib.contextmanager
def scope(*municipalities):
    """Scope to the given municipalities (objects or ids)."""
    token = _current.set(Scope(_ids(municipalities)))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def scope_all():
    """Explicitly work across every municipality (HQ pages, imports, seeding, nightly jobs)."""
    token = _current.set(Scope(None))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def narrow(*municipalities):
    """Narrow the active scope to some of its municipalities; never widens it. Raises
    `TenantScopeError` with no scope, or for a municipality outside the active scope."""
    current = _current.get()
    wanted = _ids(municipalities)
    if current is None:
        raise TenantScopeError("tenancy.narrow() needs an active scope to narrow.")
    outside = sorted(i for i in wanted if not current.allows(i))
    if outside:
        raise TenantScopeError(f"Municipalities {outside} are outside the active scope.")
    token = _current.set(Scope(wanted))
    try:
        yield
    finally:
        _current.reset(token)


def set_scope(value: Scope | None):
    """Low-level: set the scope and return the reset token (used by the access layer)."""
    return _current.set(value)


def reset_scope(token) -> None:
    _current.reset(token)


def clear_scope() -> None:
    _current.set(None)


def is_tenant_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, TenantModel)


def _tenant_attname(model) -> str:
    """`municipality_id` of a tenant model or of its historical model."""
    field = getattr(model, "tenant_field", None) or getattr(model.instance_type, "tenant_field")
    return field


def _scope_filter(model):
    """The filter a read of `model` gets now: None in the all-scope; raises with no scope."""
    current = _current.get()
    if current is None:
        raise TenantScopeError(
            f"{model._meta.label} was queried outside a municipality scope. Use a view decorated with "
            "core.access.tenant_view, tenancy.scope(...), or the explicit `all_municipalities` manager."
        )
    if current.is_all:
        return None
    return models.Q(**{f"{_tenant_attname(model)}__in": current.ids})


def check_writable(model, municipality_id) -> None:
    """Refuse writing a row of `municipality_id` unless the active scope includes it."""
    current = _current.get()
    if current is None:
        raise TenantScopeError(
            f"{model._meta.label} was written outside a municipality scope. Writes run inside "
            "tenancy.scope(...) (a tenant view, API request or task) or tenancy.scope_all()."
        )
    if municipality_id is not None and not current.allows(municipality_id):
        raise TenantScopeError(
            f"{model._meta.label}: municipality {municipality_id} is outside the active scope; nothing was written."
        )


def _refuse_move(model):
    raise TenantScopeError(f"{model._meta.label}: a row cannot move to another municipality.")


# --- reads and bulk writes ---------------------------------------------------------------------
class TenantQuery(Query):
    """SQL query of a tenant model's scoped managers: the scope filter is added when the query is
    compiled to SQL (every execution, including as a subquery), on a copy, so the same queryset can
    be built at import time and run later under whatever scope is active then."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        condition = _scope_filter(self.model)
        query = self.clone()
        query.__class__ = Query
        if condition is not None:
            query.add_q(condition)
        return query.get_compiler(using=using, connection=connection, elide_empty=elide_empty)


class TenantQuerySet(models.QuerySet):
    """Queryset of every manager of a tenant model. Reads through `objects` are scoped by
    TenantQuery; writes, whose SQL Django builds from other query classes, are scoped here, and
    through `all_municipalities` too: that manager reads across municipalities, it never writes
    across them."""

    def _scoped(self):
        condition = _scope_filter(self.model)
        return self if condition is None else self.filter(condition)

    def _refuse_tenant_field(self, names):
        attname = _tenant_attname(self.model)
        if {TENANT_FIELD, attname} & set(names):
            _refuse_move(self.model)

    def update(self, **kwargs):
        self._refuse_tenant_field(kwargs)
        return models.QuerySet.update(self._scoped(), **kwargs)

    update.alters_data = True
    update.queryset_only = False

    def _update(self, values):
        # Model.save() of an existing row runs `base_manager.filter(pk=...)._update(values)` with every
        # field, the municipality included. The UPDATE matches only a row in the active scope that
        # already belongs to the municipality written, so no save can move a row or touch another
        # municipality's row, whatever the instance in memory says.
        qs = self._scoped()
        attname = _tenant_attname(self.model)
        for field, _model, value in values:
            if field.attname == attname:
                if not isinstance(value, int):
                    _refuse_move(self.model)
                qs = qs.filter(**{attname: value})
        return models.QuerySet._update(qs, values)

    _update.alters_data = True
    _update.queryset_only = False

    def delete(self):
        return models.QuerySet.delete(self._scoped())

    delete.alters_data = True
    delete.queryset_only = True

    def _raw_delete(self, using):
        return models.QuerySet._raw_delete(self._scoped(), using)

    _raw_delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        attname = _tenant_attname(self.model)
        for obj in objs:
            check_writable(self.model, getattr(obj, attname))
        if not objs:
            check_writable(self.model, None)
        if kwargs.get("update_conflicts"):
            # an upsert may change an existing row: only one of the same municipality
            unique = set(kwargs.get("unique_fields") or ())
            if not (unique & {TENANT_FIELD, attname}) and not _current.get().is_all:
                raise TenantScopeError(f"{self.model._meta.label}: an upsert must be keyed by the municipality.")
            self._refuse_tenant_field(kwargs.get("update_fields") or ())
        if is_tenant_model(self.model):
            check_same_municipality_bulk(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        self._refuse_tenant_field(fields)
        attname = _tenant_attname(self.model)
        for obj in objs:
            check_writable(self.model, getattr(obj, attname))
        if not objs:
            check_writable(self.model, None)
        if is_tenant_model(self.model):
            names = set(fields)
            check_same_municipality_bulk(self.model, objs,
                                         fields=[f for f in tenant_relations(self.model)
                                                 if f.name in names or f.attname in names])
        # the UPDATE itself runs through self.filter(pk__in=...).update(), scoped above
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """Default manager of tenant models: filtered by the scope active when the query runs, raising
    without one."""

    def get_queryset(self):
        return self._queryset_class(model=self.model, query=TenantQuery(self.model), using=self._db,
                                    hints=self._hints)


class UnscopedManager(models.Manager.from_queryset(TenantQuerySet)):
    """`Model.all_municipalities`: reads without the tenant filter (greppable on purpose); its writes
    still obey the active scope."""


# --- history -----------------------------------------------------------------------------------
class TenantHistoricalQuerySet(TenantQuerySet, HistoricalQuerySet):
    """Historical records of a tenant model: simple-history's queryset with the tenant scoping."""


class TenantHistoryManager(HistoryManager):
    """`Model.history` and `instance.history`: filtered by the active scope exactly like `objects`
    (raising without one). `Model.history.all_municipalities()` reads history across municipalities
    on purpose (HQ, jobs)."""

    def get_super_queryset(self):
        return self._queryset_class(model=self.model, query=TenantQuery(self.model), using=self._db,
                                    hints=self._hints)

    def all_municipalities(self):
        qs = self._queryset_class(model=self.model, using=self._db, hints=self._hints)
        if self.instance is None:
            return qs
        from simple_history.utils import get_app_model_primary_key_name

        return qs.filter(**{get_app_model_primary_key_name(self.instance): self.instance.pk})


# --- references between tenant rows ------------------------------------------------------------
def tenant_relations(model) -> list[models.Field]:
    """The forward FK / one-to-one fields of `model` that point to a tenant model (the municipality FK
    itself and platform-wide targets excluded)."""
    return [f for f in model._meta.concrete_fields
            if f.is_relation and f.name != TENANT_FIELD and is_tenant_model(f.related_model)]


def same_municipality_errors(owner, related: Mapping[str, object], *, exclude: Iterable[str] = ()) -> dict:
    """Errors for every related object (name → instance or None) that is a tenant row of another
    municipality than `owner`'s. The one check of references between tenant rows: FKs use it through
    `check_same_municipality`; a generic relation passes its target the same way
    (`{"target": self.target}`). Names in `exclude` (fields a form does not show) report as
    non-field errors, so a form can display them."""
    if owner.municipality_id is None:
        return {}
    exclude = set(exclude or ())
    errors: dict[str, list] = {}
    for name, target in related.items():
        if target is None or not isinstance(target, TenantModel):
            continue
        if target.municipality_id == owner.municipality_id:
            continue
        if name in exclude:
            field = _field_label(owner, name)
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("%(field)s: this record belongs to another municipality.") % {"field": field})
        else:
            errors.setdefault(name, []).append(_("This record belongs to another municipality."))
    return errors


def _field_label(owner, name):
    try:
        return str(owner._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a generic relation's name, not a model field
        return name


def _related_objects(instance, fields) -> dict:
    """The targets of `fields` (FKs of `instance`): cached ones at no cost, others loaded (and
    cached) through the base manager; an id that points nowhere is left to the FK validation."""
    out = {}
    for field in fields:
        if getattr(instance, field.attname) is None:
            continue
        if field.is_cached(instance):
            out[field.name] = field.get_cached_value(instance)
            continue
        try:
            out[field.name] = getattr(instance, field.name)
        except ObjectDoesNotExist:
            continue
    return out


def check_same_municipality(instance, *, fields=None, exclude: Iterable[str] = (), related=None) -> None:
    """Raise ValidationError when an FK of `instance` (or an object in `related`) is a row of another
    municipality. `fields` limits the FKs checked (default: every FK to a tenant model)."""
    fields = tenant_relations(type(instance)) if fields is None else fields
    targets = _related_objects(instance, fields)
    if related:
        targets.update(related)
    errors = same_municipality_errors(instance, targets, exclude=exclude)
    if errors:
        raise ValidationError(errors)


def check_same_municipality_bulk(model, objs, *, fields=None) -> None:
    """The same check for many unsaved rows at once: one query per FK field for targets not cached."""
    fields = tenant_relations(model) if fields is None else fields
    for field in fields:
        wanted = {getattr(o, field.attname) for o in objs
                  if getattr(o, field.attname) is not None and not field.is_cached(o)}
        owners = dict(field.related_model._base_manager.filter(pk__in=wanted)
                      .values_list("pk", _tenant_attname(field.related_model))) if wanted else {}
        for obj in objs:
            value = getattr(obj, field.attname)
            if value is None:
                continue
            target = field.get_cached_value(obj) if field.is_cached(obj) else None
            owner = target.municipality_id if target is not None else owners.get(value, obj.municipality_id)
            if owner != obj.municipality_id:
                raise ValidationError({field.name: [_("This record belongs to another municipality.")]})


# --- the base model ----------------------------------------------------------------------------
class TenantModel(models.Model):
    """Base of every model owned by one municipality.

    Subclasses get a NOT NULL, indexed `municipality` FK without a reverse relation, a scoped default
    manager, an explicit unscoped one, scoped history, scope-checked writes and the same-municipality
    check of their FKs. Put `municipality` first in unique constraints. A subclass that redeclares the
    `municipality` FK keeps `related_name="+"` (tests/core/test_tenancy_properties.py checks it).
    """

    tenant_field = "municipality_id"
    audit_restorable = True  # False where an old version must not be brought back from the change log

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+", db_index=True
    )

    objects = TenantManager()
    all_municipalities = UnscopedManager()

    # Every change is attributable (who, when, what) and recoverable: see core/audit.py.
    history = HistoricalRecords(inherit=True, history_manager=TenantHistoryManager,
                                historical_queryset=TenantHistoricalQuerySet)

    class Meta:
        abstract = True
        base_manager_name = "all_municipalities"

    # What the row held when it was read (municipality and FKs to tenant rows), to refuse a move and
    # to check only the references a save changes.
    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_tenant_state()
        return instance

    def _tenant_state_attnames(self):
        return [self.tenant_field] + [f.attname for f in tenant_relations(type(self))]

    def _remember_tenant_state(self):
        loaded = self.__dict__
        self._tenant_db_state = {name: loaded[name] for name in self._tenant_state_attnames() if name in loaded}

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        """Django's validation plus the same-municipality check of every FK to a tenant row. A field
        pointing to another municipality is then left out of the other checks (as Django does with
        a field that failed), so no unique check runs on another municipality's row."""
        exclude = set(exclude or ())
        errors = {}
        try:
            check_same_municipality(self, exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        crossing = {f.name for f in tenant_relations(type(self)) if f.name in errors}
        try:
            super().full_clean(exclude=exclude | crossing, validate_unique=validate_unique,
                               validate_constraints=validate_constraints)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        model = type(self)
        check_writable(model, self.municipality_id)
        update_fields = kwargs.get("update_fields")
        names = None if update_fields is None else set(update_fields)
        known = getattr(self, "_tenant_db_state", None)
        if not self._state.adding and (names is None or {TENANT_FIELD, self.tenant_field} & names):
            if known is not None and self.tenant_field in known:
                before = known[self.tenant_field]
            else:  # not read from the database (built by hand, or deferred): ask it
                before = model._base_manager.filter(pk=self.pk).values_list(self.tenant_field, flat=True).first()
            if before is not None and before != self.municipality_id:
                _refuse_move(model)
        fields = [f for f in tenant_relations(model)
                  if (names is None or f.name in names or f.attname in names)
                  and (self._state.adding or known is None or f.attname not in known
                       or known[f.attname] != getattr(self, f.attname))]
        if fields:
            check_same_municipality(self, fields=fields)
        super().save(*args, **kwargs)
        self._remember_tenant_state()

    save.alters_data = True

    def delete(self, *args, **kwargs):
        check_writable(type(self), self.municipality_id)
        return super().delete(*args, **kwargs)

    delete.alters_data = True
