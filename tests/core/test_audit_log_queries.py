"""The change log stays a bounded number of queries however many history rows and tenant models there are
(before: one wide query per tenant model, each loading a full page of rows), and still lists the newest changes of every model of the municipality, newest first, and nothing else."""
import pytest

from core import audit, tenancy
from core.roles import Role
from municipalities.models import Initiative
from tests import factories

# one UNION query for the newest rows, one per model among them, plus the request's own (session, user,
# memberships, ...): independent of the number of tenant models and of history rows
MAX_QUERIES = 16


def _changes(world, count, prefix):
    with tenancy.scope(world.municipality):
        people = [factories.PersonFactory(municipality=world.municipality, full_name=f"{prefix} {i}")
                  for i in range(count)]
        initiative = Initiative.objects.first() or factories.InitiativeFactory(municipality=world.municipality)
        initiative.title = f"{prefix} initiative"
        initiative.save()
    return people


@pytest.mark.django_db
def test_the_change_log_runs_a_bounded_number_of_queries(tenant_a, tenant_b, client_for,
                                                         django_assert_max_num_queries):
    # the page's 50 rows are people (whose label needs no query): what is left is the log's own cost
    _changes(tenant_a, 60, "few")
    client = client_for(tenant_a.user(Role.VIEWER))
    url = f"/m/{tenant_a.municipality.slug}/audit/"
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    _changes(tenant_a, 150, "many")
    _changes(tenant_b, 50, "other")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url + "?page=2").status_code == 200

@pytest.mark.django_db
def test_the_change_log_lists_the_newest_changes_across_models_of_the_scope_only(tenant_a, tenant_b):
    _changes(tenant_a, 5, "a")
    _changes(tenant_b, 5, "b")
    with tenancy.scope(tenant_a.municipality):
        everything = audit.municipality_log(limit=1000)
        newest = audit.municipality_log(limit=3)
    labels = {row.model_label for row in everything}
    assert {"municipalities.Person", "municipalities.Initiative"} <= labels
    assert all(row.municipality_id == tenant_a.municipality.pk for row in everything)
    dates = [row.history_date for row in everything]
    assert dates == sorted(dates, reverse=True)
    assert [r.history_id for r in newest] == [r.history_id for r in everything[:3]]
    assert newest[0].model_label == "municipalities.Initiative"  # created last
    assert all(row.history_user_id is None or row.history_user is not None for row in newest)
