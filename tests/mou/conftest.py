import pytest

from core import tenancy
from core.roles import Role
from mou import services


@pytest.fixture
def director(tenant_a):
    return tenant_a.user(Role.LOCAL_DIRECTOR)


@pytest.fixture
def ceo(tenant_a):
    return tenant_a.user(Role.MUNICIPAL_CEO)


@pytest.fixture
def head(tenant_a):
    return tenant_a.user(Role.HEAD_OF_AUTHORITY)


@pytest.fixture
def agreement(tenant_a, director):
    with tenancy.scope(tenant_a.municipality):
        return services.agreement_start(initiative=tenant_a.initiative, by=director)
