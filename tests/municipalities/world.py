from tests import factories


def build(*, tenant, marker):
    m = tenant.municipality
    person = factories.PersonFactory(municipality=m, full_name=f"{marker} person", notes=marker)
    from core import tenancy
    from municipalities.models import Invitation

    invited = factories.UserFactory(first_name=f"{marker} invited")
    with tenancy.scope_all():
        Invitation.all_municipalities.create(municipality=m, user=invited, email=invited.email, role="viewer",
                                             first_name=marker)
    tenant.initiative.notes = marker

    with tenancy.scope_all():
        tenant.initiative.local_director = person
        tenant.initiative.save()
