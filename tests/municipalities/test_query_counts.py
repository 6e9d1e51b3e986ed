"""Query counts of the pages everyone opens daily stay bounded whatever the data size."""
import pytest

from core.roles import Role
from tests import factories


@pytest.mark.django_db
def test_home_people_and_hq_pages_use_a_bounded_number_of_queries(tenant_a, tenant_b, hq_staff, client_for,
                                                                 django_assert_max_num_queries):
    for i in range(40):
        factories.PersonFactory(municipality=tenant_a.municipality)
    for i in range(20):
        m = factories.MunicipalityFactory()
        factories.InitiativeFactory(municipality=m)
    director = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    slug = tenant_a.municipality.slug
    with django_assert_max_num_queries(24):  # the home's work and stage states: a fixed number (test_home.py)
        assert director.get(f"/m/{slug}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert director.get(f"/m/{slug}/people/").status_code == 200
    hq = client_for(hq_staff)
    with django_assert_max_num_queries(10):
        assert hq.get("/hq/").status_code == 200
    with django_assert_max_num_queries(10):
        assert hq.get("/api/v1/municipalities/?page_size=300").status_code == 200
    with django_assert_max_num_queries(10):
        assert hq.get("/api/v1/people/").status_code == 200
