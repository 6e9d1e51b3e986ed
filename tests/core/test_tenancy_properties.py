"""The tenant scope as properties of every tenant model, found through the app registry (not a
hand-kept list): a model added later is covered by itself, as soon as its app's `tests/<app>/world.py`
builds a row of it.

For two municipalities A and B, each with one or more rows of every tenant model:
- history is scoped exactly like `objects` (and raises without a scope);
- no reverse relation leads from Municipality to a tenant model;
- under scope(A), save / bulk_create / update / bulk_update / delete of B's rows are refused, rows
  cannot move to another municipality, and with no scope at all writes raise;
- an FK from a row of A to a row of B is refused by `full_clean()`, `save()` and `bulk_create()`.
"""
import contextlib
import copy

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation

from core import tenancy
from core.tenancy import TenantModel, TenantScopeError, same_municipality_errors, tenant_relations
from municipalities.models import Municipality
from tests.conftest import MARKER_B
from tests.world import build_world

MARKER_A = "ZQXMARKERA"


def tenant_models():
    return sorted((m for m in apps.get_models() if issubclass(m, TenantModel)), key=lambda m: m._meta.label)


TENANT_MODELS = tenant_models()
LABELS = [m._meta.label for m in TENANT_MODELS]
RELATIONS = [(m, f) for m in TENANT_MODELS for f in tenant_relations(m)]


def fingerprint(municipality):
    with tenancy.scope_all():
        return {m._meta.label: list(m.all_municipalities.filter(municipality=municipality).order_by("pk").values())
                for m in TENANT_MODELS}


@pytest.fixture
def two(tenant_a, tenant_b):
    build_world(tenant=tenant_a, marker=MARKER_A)
    build_world(tenant=tenant_b, marker=MARKER_B)
    a, b = tenant_a.municipality, tenant_b.municipality

    def row(model, municipality):
        with tenancy.scope_all():
            return model.all_municipalities.filter(municipality=municipality).order_by("pk").first()

    return {"a": a, "b": b, "row": row, "fingerprint_b": fingerprint(b)}


@contextlib.contextmanager
def about(model, field=None):
    """Name the model (and field) in a failure: the properties loop over every tenant model with one
    world built, instead of building two worlds per model."""
    try:
        yield
    except (AssertionError, pytest.fail.Exception) as exc:
        where = model._meta.label + (f".{field.name}" if field is not None else "")
        raise AssertionError(f"{where}: {exc}") from exc


def _hidden(rel):
    return rel.related_name is not None and rel.related_name.endswith("+")


def _new_copy(row):
    """An unsaved copy of a row (same values, no pk, nothing cached)."""
    new = copy.copy(row)
    new._state = copy.copy(row._state)
    new._state.fields_cache = {}
    new._state.adding = True
    new.__dict__.pop("_tenant_db_state", None)
    new.pk = None
    return new


def _plain_field(model):
    """A concrete, editable, non-relational field to write in an update."""
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or not field.editable or isinstance(field, models.JSONField):
            continue
        return field
    raise AssertionError(f"{model._meta.label} has no plain field to update")


def test_the_registry_finds_the_tenant_models():
    assert {"municipalities.Person", "municipalities.Initiative", "municipalities.Membership",
            "mapping.IndicatorValue", "mou.Agreement", "steering.ActionItem", "teams.ProfessionalTeam"} <= set(LABELS)
    assert RELATIONS, "tenant models point to each other"


@pytest.mark.django_db
def test_the_world_builds_a_row_of_every_tenant_model_for_both_municipalities(two):
    missing = [label for label, model in zip(LABELS, TENANT_MODELS)
               if two["row"](model, two["a"]) is None or two["row"](model, two["b"]) is None]
    assert not missing, f"add rows of these models to their app's tests/<app>/world.py: {missing}"


# --- history ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_history_is_scoped_like_objects(two):
    for model in TENANT_MODELS:
        with about(model):
            _history_is_scoped(model, two)


def _history_is_scoped(model, two):
    a, b = two["a"], two["b"]
    row_b = two["row"](model, b)
    with pytest.raises(TenantScopeError):
        list(model.history.all())
    with pytest.raises(TenantScopeError):
        model.history.count()
    with pytest.raises(TenantScopeError):
        row_b.history.first()
    with tenancy.scope(a):
        seen = set(model.history.values_list("municipality_id", flat=True))
        assert seen == {a.pk}
        assert not row_b.history.exists()
        assert not model.history.filter(**{model._meta.pk.attname: row_b.pk}).exists()
        assert model.history.filter(pk__in=model.history.all_municipalities().values("pk")).count() \
            == model.history.count()  # as a subquery too
        assert {r.municipality_id for r in model.history.as_of(timezone.now())} <= {a.pk}
        assert model.history.all_municipalities().filter(municipality_id=b.pk).exists()  # explicit: everything
        assert model.history.update(history_change_reason="x") == model.history.count()  # writes scoped too
    with tenancy.scope(b):
        assert row_b.history.exists()
        assert set(model.history.values_list("municipality_id", flat=True)) == {b.pk}
    with tenancy.scope_all():
        assert set(model.history.values_list("municipality_id", flat=True)) >= {a.pk, b.pk}
    with tenancy.scope_all():
        assert set(model.history.all_municipalities().filter(municipality_id=b.pk)
                   .values_list("history_change_reason", flat=True)) != {"x"}


# --- reverse joins ---------------------------------------------------------------------------------
def test_no_reverse_relation_leads_from_municipality_to_a_tenant_model():
    reverse = [f for f in Municipality._meta.get_fields(include_hidden=True)
               if f.auto_created and not f.concrete and issubclass(f.related_model, TenantModel)]
    assert reverse, "every tenant model has its municipality FK"
    named = [f"{f.related_model._meta.label}.{f.field.name} (related_name={f.related_name!r})"
             for f in reverse if not _hidden(f)]
    assert not named, f"a reverse join from Municipality would not be scoped; use related_name='+': {named}"
    visible = {f.name for f in Municipality._meta.get_fields()}
    for model in TENANT_MODELS:
        assert _hidden(model._meta.get_field("municipality").remote_field), model._meta.label
        assert model._meta.model_name not in visible


@pytest.mark.django_db
def test_a_join_from_municipality_to_a_tenant_model_cannot_be_written(tenant_a):
    from django.core.exceptions import FieldError

    for name in ("people", "initiatives", "memberships", "indicator_values", "person", "initiative"):
        with pytest.raises(FieldError):
            Municipality.objects.filter(**{f"{name}__isnull": False}).exists()


# --- writes ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_writes_outside_the_scope_are_refused(two):
    for model in TENANT_MODELS:
        with about(model):
            _writes_are_refused(model, two)
    assert fingerprint(two["b"]) == two["fingerprint_b"]


def _writes_are_refused(model, two):
    a, b = two["a"], two["b"]
    row_a, row_b = two["row"](model, a), two["row"](model, b)
    field = _plain_field(model)
    with tenancy.scope(a):
        with pytest.raises(TenantScopeError):
            row_b.save()  # changed or not, B's row is outside
        with pytest.raises(TenantScopeError):
            row_b.save(update_fields=[field.name])
        new = _new_copy(row_b)
        with pytest.raises(TenantScopeError):
            new.save()
        with pytest.raises(TenantScopeError):
            model.objects.bulk_create([new])
        with pytest.raises(TenantScopeError):
            model.all_municipalities.bulk_create([new])
        with pytest.raises(TenantScopeError):
            model.objects.bulk_update([row_b], [field.name])
        value = getattr(row_b, field.attname)
        assert model.objects.filter(pk=row_b.pk).update(**{field.attname: value}) == 0
        assert model.all_municipalities.filter(pk=row_b.pk).update(**{field.attname: value}) == 0
        with pytest.raises(TenantScopeError):
            row_b.delete()
        assert model.all_municipalities.filter(pk=row_b.pk).delete()[0] == 0
        # a row of A cannot move to B, by save, update or bulk_update
        for move in ("municipality", "municipality_id"):
            with pytest.raises(TenantScopeError):
                model.objects.filter(pk=row_a.pk).update(**{move: b if move == "municipality" else b.pk})
        with pytest.raises(TenantScopeError):
            model.objects.bulk_update([row_a], ["municipality"])
    with tenancy.scope(a, b):  # even with both in scope, a row stays in its municipality
        moved = model.all_municipalities.get(pk=row_a.pk)
        moved.municipality = b
        with pytest.raises(TenantScopeError):
            moved.save()
        hand_built = model(**{f.attname: getattr(row_a, f.attname) for f in model._meta.concrete_fields})
        hand_built._state.adding = False
        hand_built.municipality_id = b.pk
        with pytest.raises(TenantScopeError):
            hand_built.save()
    # with no scope at all, every write raises
    with pytest.raises(TenantScopeError):
        row_a.save()
    with pytest.raises(TenantScopeError):
        model.all_municipalities.filter(pk=row_a.pk).update(**{field.attname: getattr(row_a, field.attname)})
    with pytest.raises(TenantScopeError):
        model.objects.bulk_create([new])
    with pytest.raises(TenantScopeError):
        row_a.delete()
    with tenancy.scope(a):
        model.all_municipalities.get(pk=row_a.pk).save()  # its own row, in its own scope: fine
    with tenancy.scope_all():
        assert model.all_municipalities.filter(pk=row_b.pk).update(**{field.attname: value}) == 1  # explicit


@pytest.mark.django_db
def test_a_save_through_the_sql_never_touches_another_municipality(two):
    """Even a tampered instance (B's row claiming to be A's) cannot reach B's row: the UPDATE of save()
    is scoped and keyed by the municipality written."""
    for model in TENANT_MODELS:
        with about(model):
            _tampered_save_is_refused(model, two)
    assert fingerprint(two["b"]) == two["fingerprint_b"]


def _tampered_save_is_refused(model, two):
    a, b = two["a"], two["b"]
    row_b = two["row"](model, b)
    field = _plain_field(model)
    for update_fields in ([field.name], None):
        tampered = model.all_municipalities.get(pk=row_b.pk)
        tampered.municipality_id = a.pk
        tampered._tenant_db_state["municipality_id"] = a.pk  # hide the move from save()'s own check
        # 0 rows updated: Django refuses (update_fields) or tries an INSERT that the primary key refuses
        with tenancy.scope(a), pytest.raises(DatabaseError), transaction.atomic():
            tampered.save(update_fields=update_fields)


# --- references between tenant rows ----------------------------------------------------------------
@pytest.mark.django_db
def test_an_fk_to_another_municipalitys_row_is_refused(two):
    for model, field in RELATIONS:
        with about(model, field):
            _cross_reference_is_refused(model, field, two)
    assert fingerprint(two["b"]) == two["fingerprint_b"]


def _cross_reference_is_refused(model, field, two):
    a, b = two["a"], two["b"]
    row_a = two["row"](model, a)
    target_b = two["row"](field.related_model, b)
    with tenancy.scope(a):
        row = model.objects.get(pk=row_a.pk)
        setattr(row, field.name, target_b)
        with pytest.raises(ValidationError) as exc:
            row.full_clean()
        assert field.name in exc.value.error_dict
        with pytest.raises(ValidationError) as exc:
            row.full_clean(exclude=[field.name])  # a form without the field shows it as a general error
        assert "__all__" in exc.value.error_dict
        with pytest.raises(ValidationError):
            row.save()
        by_id = model.objects.get(pk=row_a.pk)
        setattr(by_id, field.attname, target_b.pk)  # by id, not cached: loaded and checked
        with pytest.raises(ValidationError):
            by_id.save()
        new = _new_copy(row_a)
        setattr(new, field.attname, target_b.pk)
        with pytest.raises(ValidationError):
            model.objects.bulk_create([new])
        with pytest.raises(ValidationError):
            model.objects.bulk_update([by_id], [field.name])
        with translation.override("en"):  # generic relations will use the same check
            assert same_municipality_errors(row_a, {"target": target_b}) == {
                "target": ["This record belongs to another municipality."]}
        assert same_municipality_errors(row_a, {"target": two["row"](field.related_model, a)}) == {}
    with tenancy.scope_all():
        assert getattr(model.all_municipalities.get(pk=row_a.pk), field.attname) == getattr(row_a, field.attname)
