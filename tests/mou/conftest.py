import pytest

from core import tenancy
from core.roles import Role
from mou import services
from mou.models import Anchor


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
def agreement(tenant_a, director, hq_staff):
    """An MOU draft of tenant A. A's directory has no treasurer and no head of the education or welfare
    division, so HQ marks those two anchors not applicable (issue 9): the head of authority, the CEO and
    the initiative director sign."""
    with tenancy.scope(tenant_a.municipality):
        agreement = services.agreement_start(initiative=tenant_a.initiative, by=director)
        for anchor in (Anchor.TREASURER, Anchor.EDUCATION_WELFARE):
            services.anchor_mark_not_applicable(agreement=agreement, anchor=anchor,
                                                reason="No such post in this authority", by=hq_staff)
        return agreement
