import pytest

from core import tenancy
from core.tenancy import TenantScopeError
from municipalities.models import Person


@pytest.mark.django_db
def test_a_query_without_scope_raises(tenant_a):
    with pytest.raises(TenantScopeError):
        list(Person.objects.all())
    with pytest.raises(TenantScopeError):
        Person.objects.count()
    with pytest.raises(TenantScopeError):
        Person.objects.filter(full_name="x").exists()
    with pytest.raises(TenantScopeError):
        Person.objects.update(notes="x")


@pytest.mark.django_db
def test_a_scope_filters_to_its_municipality(tenant_a, tenant_b):
    with tenancy.scope(tenant_a.municipality):
        names = set(Person.objects.values_list("municipality_id", flat=True))
    assert names == {tenant_a.municipality.pk}
    with tenancy.scope_all():
        assert set(Person.objects.values_list("municipality_id", flat=True)) == {
            tenant_a.municipality.pk, tenant_b.municipality.pk}


@pytest.mark.django_db
def test_a_queryset_built_outside_a_scope_is_filtered_when_it_runs(tenant_a, tenant_b):
    qs = Person.objects.filter(is_active=True)  # built with no scope: fine until it runs
    with tenancy.scope(tenant_b.municipality):
        assert {p.municipality_id for p in qs} == {tenant_b.municipality.pk}
    with pytest.raises(TenantScopeError):
        list(qs.all())


@pytest.mark.django_db
def test_subqueries_and_related_managers_are_scoped(tenant_a, tenant_b):
    from municipalities.models import Municipality

    with tenancy.scope(tenant_a.municipality):
        ids = set(Municipality.objects.filter(pk__in=Person.objects.values("municipality_id"))
                  .values_list("pk", flat=True))
    assert ids == {tenant_a.municipality.pk}


@pytest.mark.django_db
def test_explicit_unscoped_manager_reads_everything(tenant_a, tenant_b):
    assert Person.all_municipalities.count() >= 12


@pytest.mark.django_db
def test_scope_is_reset_after_a_request(tenant_a, client_for):
    client_for(tenant_a.user("viewer")).get(f"/m/{tenant_a.municipality.slug}/people/")
    assert tenancy.current_scope() is None


def test_tenant_task_enters_the_scope():
    from core.tasks import tenant_task

    seen = {}

    @tenant_task
    def body(*, municipality_id):
        seen["scope"] = tenancy.current_scope()

    body(municipality_id=7)
    assert seen["scope"].ids == frozenset({7})
    assert tenancy.current_scope() is None


@pytest.mark.django_db
def test_every_stage_model_is_tenant_owned_or_declared_platform_wide():
    """A model in a stage app either carries the municipality (TenantModel) or is platform-wide
    on purpose (listed in its app's PLATFORM_MODELS, e.g. rubric or indicator catalogues)."""
    import importlib

    from django.apps import apps

    from core.tenancy import TenantModel

    stage_apps = ["selection", "mou", "steering", "mapping", "design_forum", "teams", "collective_plan",
                  "investments", "compass"]
    offenders = []
    for label in stage_apps:
        config = apps.get_app_config(label)
        module = importlib.import_module(f"{label}.models")
        declared = set(getattr(module, "PLATFORM_MODELS", ()))
        for model in config.get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            if not issubclass(model, TenantModel) and model.__name__ not in declared:
                offenders.append(model._meta.label)
    assert not offenders, f"not tenant-owned and not declared platform-wide: {offenders}"
