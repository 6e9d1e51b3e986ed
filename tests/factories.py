"""factory_boy factories for the platform's shared models. Stage apps keep theirs in
tests/<app>/factories.py, built on TenantFactory."""
import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from core import tenancy
from core.reference import Phase, Sector
from core.roles import PlatformRole, Role
from core.stages import Stage
from municipalities.models import Initiative, Membership, Municipality, MunicipalityKind, Person

PASSWORD = "test-pass-123"


class TenantFactory(DjangoModelFactory):
    """Creates tenant rows in the explicit all-municipalities scope (tests set up data for several
    municipalities at once; the code under test still runs in its own scope)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with tenancy.scope_all():
            return super()._create(model_class, *args, **kwargs)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    slug = factory.Sequence(lambda n: f"town-{n}")
    cbs_code = factory.Sequence(lambda n: f"{9000 + n}")
    name_he = factory.Sequence(lambda n: f"עיירה {n}")
    name_en = factory.Sequence(lambda n: f"Town {n}")
    kind = MunicipalityKind.CITY
    district = "הדרום"
    district_en = "Southern"
    population = 20000
    population_year = 2021
    socioeconomic_cluster = 4
    peripherality_cluster = 3


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Dana"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HqStaffFactory(UserFactory):
    platform_role = PlatformRole.HQ_STAFF


class HqAdminFactory(UserFactory):
    platform_role = PlatformRole.HQ_ADMIN
    is_staff = True
    is_superuser = True  # HQ admins run the Django admin


class MembershipFactory(TenantFactory):
    class Meta:
        model = Membership

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER


class PersonFactory(TenantFactory):
    class Meta:
        model = Person

    municipality = factory.SubFactory(MunicipalityFactory)
    full_name = factory.Sequence(lambda n: f"אדם {n}")
    sector = Sector.AUTHORITY
    role_title = "רכז"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class InitiativeFactory(TenantFactory):
    class Meta:
        model = Initiative

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.LazyAttribute(lambda i: f"היישוב במרכז – {i.municipality.name_he}")
    phase = Phase.PRE_ESTABLISHMENT
    stage = Stage.MOU
