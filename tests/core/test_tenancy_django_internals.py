"""The private Django and django-simple-history APIs the tenant scoping relies on, pinned.

`core/tenancy.py` hooks into internals no public API offers: where a query becomes SQL, the query
class an update or delete switches to, the private write methods `save()`, `bulk_update()` and the
delete collector call, and simple-history's manager hooks. If an upgrade changes any of them, these
tests fail loudly here (naming what changed) before the scope silently stops applying.
"""
import inspect
from unittest import mock

import pytest
from django.db.models import Count, QuerySet, deletion
from django.db.models.base import Model
from django.db.models.sql import Query, UpdateQuery
from django.db.models.sql.subqueries import DeleteQuery
from simple_history import manager as history_manager
from simple_history.models import HistoricalRecords

from core import tenancy
from core.tenancy import TenantQuery, TenantQuerySet, TenantScopeError
from municipalities.models import Municipality, Person


def params(func):
    return list(inspect.signature(func).parameters)


def test_query_get_compiler_keeps_its_signature():
    # TenantQuery.get_compiler overrides it: every read, count, exists, aggregate and subquery of
    # `objects` reaches SQL through it.
    assert params(Query.get_compiler) == ["self", "using", "connection", "elide_empty"]


def test_query_chain_switches_the_class_for_updates_and_deletes():
    # Why writes are scoped in TenantQuerySet and not by TenantQuery: update() and delete() chain the
    # query to UpdateQuery / DeleteQuery, which drops the TenantQuery subclass.
    assert params(Query.chain) == ["self", "klass"]
    chained = TenantQuery(Person).chain(UpdateQuery)
    assert type(chained) is UpdateQuery
    assert type(TenantQuery(Person).chain(DeleteQuery)) is DeleteQuery
    assert type(TenantQuery(Person).clone()) is TenantQuery  # plain clones keep the scope


def test_queryset_private_write_methods_keep_their_signatures():
    assert params(QuerySet._update) == ["self", "values"]
    assert params(QuerySet._raw_delete) == ["self", "using"]
    assert params(QuerySet.bulk_update) == ["self", "objs", "fields", "batch_size"]
    assert params(QuerySet.bulk_create)[:3] == ["self", "objs", "batch_size"]
    assert {"update_conflicts", "unique_fields", "update_fields"} <= set(params(QuerySet.bulk_create))
    assert params(Model.from_db) == ["db", "field_names", "values"]  # classmethod: no cls listed
    assert params(Model._do_update) == ["self", "base_qs", "using", "pk_val", "values", "update_fields",
                                        "forced_update"]
    assert "_raw_delete(using=self.using)" in inspect.getsource(deletion.Collector.delete)


def test_manager_internals_used_to_build_scoped_querysets():
    from django.db.models import Manager

    manager = Manager()
    assert hasattr(manager, "_db") and hasattr(manager, "_hints")
    assert params(QuerySet.__init__) == ["self", "model", "query", "using", "hints"]
    assert issubclass(Person.objects._queryset_class, TenantQuerySet)
    assert issubclass(Person.all_municipalities._queryset_class, TenantQuerySet)


@pytest.mark.django_db
def test_save_of_an_existing_row_goes_through_the_scoped_update(tenant_a):
    """Model.save() → _do_update(base_qs = _base_manager) → base_qs.filter(pk=...)._update(values) with
    (field, model, value) triples: TenantQuerySet._update scopes that UPDATE."""
    with tenancy.scope(tenant_a.municipality):
        person = Person.objects.first()
        assert Person._base_manager.name == "all_municipalities"
        with mock.patch.object(TenantQuerySet, "_update", autospec=True,
                               side_effect=TenantQuerySet._update) as spy:
            person.save()
        spy.assert_called_once()
        values = spy.call_args.args[1]
        field, model, value = next(v for v in values if v[0].attname == "municipality_id")
        assert value == tenant_a.municipality.pk and model is None


@pytest.mark.django_db
def test_bulk_update_runs_through_queryset_update(tenant_a):
    with tenancy.scope(tenant_a.municipality):
        people = list(Person.objects.all()[:2])
        with mock.patch.object(TenantQuerySet, "update", autospec=True, side_effect=TenantQuerySet.update) as spy:
            Person.objects.bulk_update(people, ["notes"])
        assert spy.called


@pytest.mark.django_db
def test_queryset_delete_reaches_the_collector_from_the_scoped_queryset(tenant_a, tenant_b):
    with tenancy.scope(tenant_a.municipality):
        with mock.patch.object(deletion.Collector, "collect", autospec=True,
                               side_effect=deletion.Collector.collect) as spy:
            Person.all_municipalities.filter(full_name="nobody").delete()
        collected = spy.call_args.args[1]
        assert "municipality_id" in str(collected.query)  # the scope filter was added before collecting


@pytest.mark.django_db
def test_reads_of_every_shape_pass_through_get_compiler(tenant_a, tenant_b):
    with tenancy.scope(tenant_a.municipality):
        with mock.patch.object(TenantQuery, "get_compiler", autospec=True,
                               side_effect=TenantQuery.get_compiler) as spy:
            Person.objects.count()
            Person.objects.exists()
            Person.objects.aggregate(n=Count("id"))
            Person.objects.values("sector").annotate(n=Count("id")).count()  # aggregate over a subquery
            list(Municipality.objects.filter(pk__in=Person.objects.values("municipality_id")))
        assert spy.call_count >= 5
    with pytest.raises(TenantScopeError):
        Person.objects.values("sector").annotate(n=Count("id")).count()


@pytest.mark.django_db
def test_related_objects_are_built_through_from_db(tenant_a):
    initiative = tenant_a.initiative
    with tenancy.scope(tenant_a.municipality):
        loaded = type(initiative).objects.select_related("municipality").get(pk=initiative.pk)
        assert loaded._tenant_db_state["municipality_id"] == tenant_a.municipality.pk
        person = Person.objects.only("full_name").first()  # deferred municipality: not remembered
        assert "municipality_id" not in person._tenant_db_state


def test_simple_history_hooks_used_for_scoped_history():
    init = params(HistoricalRecords.__init__)
    assert "history_manager" in init and "historical_queryset" in init
    assert params(history_manager.HistoryManager.get_super_queryset) == ["self"]
    assert "get_super_queryset()" in inspect.getsource(history_manager.HistoryManager.get_queryset)
    assert "self.manager_class.from_queryset(self.queryset_class)" in inspect.getsource(
        history_manager.HistoryDescriptor.__get__)
    # the historical model is reached as `instance_type` to find the tenant field
    assert type(Person.history).__mro__[1] is tenancy.TenantHistoryManager
    assert Person.history.model.instance_type is Person
    assert issubclass(Person.history.all().__class__, tenancy.TenantHistoricalQuerySet)


def test_field_cache_api_used_by_the_same_municipality_check():
    field = Person._meta.get_field("organization")
    for name in ("is_cached", "get_cached_value"):
        assert callable(getattr(field, name))
