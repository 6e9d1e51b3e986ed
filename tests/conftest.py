"""Shared fixtures: two municipalities (A and B), a user of every role in each, HQ users and an
outsider. Municipality B's data carries MARKER_B in its text so the isolation test can prove that
nothing of B ever reaches a member of A."""
from dataclasses import dataclass, field

import pytest
from django.test import Client

from core import tenancy
from core.roles import Role
from tests import factories

MARKER_B = "ZQXSECRETB"


@dataclass
class Tenant:
    municipality: object
    users: dict = field(default_factory=dict)   # role -> user
    initiative: object = None

    def user(self, role):
        return self.users[role]


def _tenant(slug, name_he, name_en):
    municipality = factories.MunicipalityFactory(slug=slug, name_he=name_he, name_en=name_en)
    tenant = Tenant(municipality=municipality)
    for role in Role:
        user = factories.UserFactory(username=f"{role.value}-{slug}", first_name=name_en)
        factories.MembershipFactory(municipality=municipality, user=user, role=role)
        factories.PersonFactory(municipality=municipality, user=user, full_name=f"{name_he} {role.label}",
                                role_title=str(role.label))
        tenant.users[role] = user
    tenant.initiative = factories.InitiativeFactory(municipality=municipality, title=f"יוזמה {name_he}")
    return tenant


@pytest.fixture(autouse=True)
def _no_leftover_scope():
    tenancy.clear_scope()
    yield
    tenancy.clear_scope()


@pytest.fixture
def tenant_a(db):
    return _tenant("town-a", "עיר א", "Town A")


@pytest.fixture
def tenant_b(db):
    return _tenant("town-b", f"עיר ב {MARKER_B}", f"Town B {MARKER_B}")


@pytest.fixture
def hq_staff(db):
    return factories.HqStaffFactory(username="hq-staff")


@pytest.fixture
def hq_admin(db):
    return factories.HqAdminFactory(username="hq-admin")


@pytest.fixture
def outsider(db):
    return factories.UserFactory(username="outsider")


@pytest.fixture
def client_for():
    """`client_for(user)` → a test client signed in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def scope_of():
    """`with scope_of(municipality): ...` runs service/selector calls inside a tenant scope."""
    return tenancy.scope
