from django.db.models import Case, Count, IntegerField, Q, Value, When

from core import notifications
from core.roles import Role
from municipalities.models import Initiative, InitiativeStatus, Membership, Municipality, Person


def initiative_current(*, municipality):
    """The municipality's active initiative, else its most recent one."""
    return (Initiative.objects.filter(municipality=municipality).select_related("local_director")
            .annotate(is_active=Case(When(status=InitiativeStatus.ACTIVE, then=Value(0)), default=Value(1),
                                     output_field=IntegerField()))
            .order_by("is_active", "-start_date", "-pk").first())


def initiative_list_hq():
    """All initiatives side by side for HQ (explicitly across municipalities)."""
    return (Initiative.all_municipalities.select_related("municipality", "local_director")
            .order_by("municipality__name_he"))


def person_list(*, municipality, search: str = "", sector: str = "", search_contacts: bool = False):
    """The directory, searched by name, role and organization (and by e-mail only for a caller who
    may see everyone's contact details: `search_contacts`)."""
    qs = Person.objects.filter(municipality=municipality).select_related("organization", "user")
    if search:
        match = (Q(full_name__icontains=search) | Q(role_title__icontains=search)
                 | Q(organization_name__icontains=search))
        if search_contacts:
            match |= Q(email__icontains=search)
        qs = qs.filter(match)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def membership_list(*, municipality):
    return Membership.objects.filter(municipality=municipality).select_related("user").order_by(
        "-is_active", "role", "user__username")


def municipality_people_summary(*, municipality):
    return Person.objects.filter(municipality=municipality, is_active=True).aggregate(
        total=Count("id"),
        authority=Count("id", filter=Q(sector="authority")),
        residents=Count("id", filter=Q(sector="residents")),
    )


def key_members(*, municipality):
    """Who holds the leading roles, for the initiative home."""
    order = [Role.HEAD_OF_AUTHORITY, Role.MUNICIPAL_CEO, Role.LOCAL_DIRECTOR]
    rows = list(Membership.objects.filter(municipality=municipality, is_active=True, role__in=order)
                .select_related("user"))
    rows.sort(key=lambda m: order.index(m.role))
    return rows


def partner_municipalities():
    """Municipalities with an active initiative, for HQ (explicitly across municipalities)."""
    active = Initiative.all_municipalities.filter(status=InitiativeStatus.ACTIVE).values("municipality_id")
    return Municipality.objects.filter(pk__in=active)


def local_director_name(*, municipality) -> str:
    """Who to ask for a permission in this municipality: the initiative's local director (the person
    in the directory), else the user holding the local-director role; "" when there is none."""
    initiative = initiative_current(municipality=municipality)
    if initiative is not None and initiative.local_director_id:
        return initiative.local_director.full_name
    membership = (Membership.objects.filter(municipality=municipality, role=Role.LOCAL_DIRECTOR, is_active=True)
                  .select_related("user").order_by("pk").first())
    if membership is None:
        return ""
    return membership.user.get_full_name() or membership.user.username


def unread_notifications(*, user, limit: int = 5) -> dict:
    """The user's unread in-app notifications for the initiative home: `{"count": n, "latest": [the
    newest `limit`]}` (core.notifications, at most two queries)."""
    return notifications.unread_for(user, limit=limit)


def active_partners() -> dict[int, object]:
    """HQ, across municipalities: {municipality id: start date (or None)} of every authority with an
    active initiative (an existing partner). One query."""
    return dict(Initiative.all_municipalities.filter(status=InitiativeStatus.ACTIVE)
                .values_list("municipality_id", "start_date"))
