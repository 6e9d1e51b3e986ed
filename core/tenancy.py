"""Fail-closed tenant scoping.

The municipality a request (or task) works on is put in a ContextVar by the access layer
(`core.access`, `core.api.viewsets`, `core.tasks.tenant_task`). The default manager of every tenant
model (`TenantModel.objects`) reads it and filters by it; with no scope at all it raises
`TenantScopeError` instead of returning every municipality's rows. Code that really needs all
municipalities (HQ views, imports, seeding) says so in one of two greppable ways:

    Model.all_municipalities.filter(...)          # an explicit unscoped manager
    with tenancy.scope_all(): ...                 # an explicit all-municipalities scope
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from django.db.models.sql import Query
from simple_history.models import HistoricalRecords


class TenantScopeError(RuntimeError):
    """A tenant-owned model was queried outside any municipality scope."""


@dataclass(frozen=True)
class Scope:
    """Which municipalities the current code may touch. `ids=None` means all of them."""

    ids: frozenset[int] | None

    @property
    def is_all(self) -> bool:
        return self.ids is None


_current: ContextVar[Scope | None] = ContextVar("yishuv_tenant_scope", default=None)


def current_scope() -> Scope | None:
    return _current.get()


@contextlib.contextmanager
def scope(*municipalities):
    """Scope to the given municipalities (objects or ids)."""
    ids = frozenset(m if isinstance(m, int) else m.pk for m in municipalities)
    token = _current.set(Scope(ids))
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


def set_scope(value: Scope | None):
    """Low-level: set the scope and return the reset token (used by the access layer)."""
    return _current.set(value)


def reset_scope(token) -> None:
    _current.reset(token)


def clear_scope() -> None:
    _current.set(None)


def _scope_filter(model):
    current = _current.get()
    if current is None:
        raise TenantScopeError(
            f"{model._meta.label} was queried outside a municipality scope. Use a view decorated with "
            "core.access.tenant_view, tenancy.scope(...), or the explicit `all_municipalities` manager."
        )
    if current.is_all:
        return None
    return models.Q(**{f"{model.tenant_field}__in": current.ids})


class TenantQuery(Query):
    """SQL query of a tenant model's default manager: the scope filter is added when the query is
    compiled to SQL (every execution, including as a subquery), on a copy, so the same queryset can
    be built at import time and run later under whatever scope is active then."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        condition = _scope_filter(self.model)
        query = self
        if condition is not None:
            query = self.clone()
            query.__class__ = Query
            query.add_q(condition)
        else:
            query = self.clone()
            query.__class__ = Query
        return query.get_compiler(using=using, connection=connection, elide_empty=elide_empty)


class TenantQuerySet(models.QuerySet):
    """Queryset of the scoped default manager. Reads are scoped through TenantQuery; bulk writes
    (update / delete), whose SQL Django builds from another query class, are scoped here."""

    def _scoped(self):
        condition = _scope_filter(self.model)
        return self if condition is None else self.filter(condition)

    def update(self, **kwargs):
        if isinstance(self._query, TenantQuery):
            return models.QuerySet.update(self._scoped(), **kwargs)
        return super().update(**kwargs)

    def _update(self, values):
        if isinstance(self._query, TenantQuery):
            return models.QuerySet._update(self._scoped(), values)
        return super()._update(values)

    def delete(self):
        if isinstance(self._query, TenantQuery):
            return models.QuerySet.delete(self._scoped())
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def _raw_delete(self, using):
        if isinstance(self._query, TenantQuery):
            return models.QuerySet._raw_delete(self._scoped(), using)
        return super()._raw_delete(using)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """Default manager of tenant models: filtered by the scope active when the query runs, raising
    without one."""

    def get_queryset(self):
        return self._queryset_class(model=self.model, query=TenantQuery(self.model), using=self._db,
                                    hints=self._hints)


class UnscopedManager(models.Manager.from_queryset(TenantQuerySet)):
    """`Model.all_municipalities`: no tenant filter. Greppable on purpose."""


class TenantModel(models.Model):
    """Base of every model owned by one municipality.

    Subclasses get a NOT NULL, indexed `municipality` FK, a scoped default manager and an explicit
    unscoped one. Put `municipality` first in unique constraints.
    """

    tenant_field = "municipality_id"
    audit_restorable = True  # False where an old version must not be brought back from the change log

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+", db_index=True
    )

    objects = TenantManager()
    all_municipalities = UnscopedManager()

    # Every change is attributable (who, when, what) and recoverable: see core/audit.py.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        base_manager_name = "all_municipalities"
