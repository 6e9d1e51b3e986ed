"""Contact details (e-mail, phone) only for the roles that need them, and between members of the same
body: one rule (municipalities/rules.py) in the people directory, the API and exports; and a phone
number must be one."""
import pytest
from django.core.exceptions import ValidationError

from core.roles import Role
from municipalities.models import Person
from municipalities.rules import contact_visibility
from tests import factories
from tests.steering.factories import BodyFactory, BodyMemberFactory

pytestmark = pytest.mark.django_db

SEES_ALL = [Role.LOCAL_DIRECTOR, Role.MUNICIPAL_CEO, Role.HEAD_OF_AUTHORITY]
LIMITED = [Role.DOMAIN_LEAD, Role.COMMITTEE_MEMBER, Role.VIEWER]


@pytest.fixture
def people(tenant_a):
    m = tenant_a.municipality
    stranger = factories.PersonFactory(municipality=m, full_name="Stranger", email="stranger@example.org",
                                       phone="050-1111111")
    peer = factories.PersonFactory(municipality=m, full_name="Peer", email="peer@example.org", phone="050-2222222")
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m)
    BodyMemberFactory(body=body, municipality=m, person=peer)
    for role in Role:  # every member of the municipality sits in the body with the peer
        me = Person.all_municipalities.get(municipality=m, user=tenant_a.user(role))
        BodyMemberFactory(body=body, municipality=m, person=me)
    return stranger, peer


def _people_page(client, tenant, q=""):
    return client.get(f"/m/{tenant.municipality.slug}/people/", {"q": q} if q else {}).content.decode()


@pytest.mark.parametrize("role", SEES_ALL + LIMITED)
def test_the_directory_shows_contacts_by_the_rule(tenant_a, client_for, people, role):
    stranger, peer = people
    page = _people_page(client_for(tenant_a.user(role)), tenant_a)
    assert "peer@example.org" in page and "050-2222222" in page  # members of the same body
    assert ("stranger@example.org" in page) is (role in SEES_ALL)
    assert ("050-1111111" in page) is (role in SEES_ALL)


@pytest.mark.parametrize("role", LIMITED)
def test_searching_by_e_mail_does_not_reveal_a_hidden_address(tenant_a, client_for, people, role):
    page = _people_page(client_for(tenant_a.user(role)), tenant_a, q="stranger@example")
    assert "Stranger" not in page


@pytest.mark.parametrize("role", SEES_ALL + LIMITED)
def test_the_api_nulls_hidden_contacts(tenant_a, client_for, people, role):
    stranger, peer = people
    rows = {r["id"]: r for r in client_for(tenant_a.user(role)).get("/api/v1/people/?page_size=100").json()["results"]}
    assert rows[peer.pk]["email"] == "peer@example.org" and rows[peer.pk]["contact_hidden"] is False
    if role in SEES_ALL:
        assert rows[stranger.pk]["email"] == "stranger@example.org" and rows[stranger.pk]["phone"] == "050-1111111"
    else:
        assert rows[stranger.pk]["email"] is None and rows[stranger.pk]["phone"] is None
        assert rows[stranger.pk]["contact_hidden"] is True


def test_hq_sees_every_contact_and_a_former_member_does_not(tenant_a, hq_staff, client_for, people, scope_of):
    stranger, peer = people
    with scope_of(tenant_a.municipality):
        assert contact_visibility(hq_staff, tenant_a.municipality).shows(stranger)
        viewer = tenant_a.user(Role.VIEWER)
        assert contact_visibility(viewer, tenant_a.municipality).shows(peer)
        me = Person.objects.get(user=viewer)
        me.body_memberships.update(is_active=False)
        assert not contact_visibility(viewer, tenant_a.municipality).shows(peer)
        assert contact_visibility(viewer, tenant_a.municipality).shows(me)  # always one's own
    assert viewer.has_perm("municipalities.see_contact", me)


def test_the_directory_and_api_stay_within_a_bounded_number_of_queries(tenant_a, client_for, people,
                                                                       django_assert_max_num_queries):
    for i in range(30):
        factories.PersonFactory(municipality=tenant_a.municipality)
    client = client_for(tenant_a.user(Role.VIEWER))
    client.get(f"/m/{tenant_a.municipality.slug}/people/")
    with django_assert_max_num_queries(14):
        client.get(f"/m/{tenant_a.municipality.slug}/people/")
    with django_assert_max_num_queries(10):
        client.get("/api/v1/people/")


def test_a_phone_number_with_letters_is_refused(tenant_a, client_for, scope_of):
    person = factories.PersonFactory(municipality=tenant_a.municipality)
    person.phone = "050-12ab567"
    with scope_of(tenant_a.municipality), pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "phone" in exc.value.message_dict
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    response = client.post("/api/v1/people/", {"municipality": tenant_a.municipality.slug, "full_name": "X",
                                               "sector": "residents", "phone": "call me"},
                           content_type="application/json")
    assert response.status_code == 400 and "phone" in response.json()["errors"]
    for good in ("050-1234567", "+972 50 123 4567", "(08) 123-4567"):
        person.phone = good
        with scope_of(tenant_a.municipality):
            person.full_clean()
