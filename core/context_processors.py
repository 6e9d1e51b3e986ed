from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from core import access
from core.roles import PlatformRole, Role
from core.stages import STAGES


def _stage_links(municipality, user):
    links = []
    for entry in STAGES:
        if not entry.tenant:
            if not access.is_hq(user):
                continue
            args = []
        else:
            if municipality is None:
                continue
            args = [municipality.slug]
        try:
            url = reverse(entry.url_name, args=args)
        except NoReverseMatch:
            url = None
        links.append({"number": int(entry.stage), "label": entry.label, "url": url, "tenant": entry.tenant,
                      "active": False})
    return links


def _mark_active(links, path):
    """The stage whose URL is the longest prefix of the current path is the current page."""
    best = None
    for link in links:
        if link["url"] and path.startswith(link["url"]) and (best is None or len(link["url"]) > len(best["url"])):
            best = link
    if best is not None:
        best["active"] = True
    return links


class InboxBadge:
    """The header's unread count, counted (one query) only when a template reads it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        from core import notifications

        return notifications.unread_count(self.user)


def shell(request):
    """What the base template needs: the current municipality, the stage navigation and the
    municipalities the user may switch to."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from municipalities.models import Municipality
    from municipalities.selectors import partner_municipalities

    municipality = getattr(request, "municipality", None)

    def switchable():
        if access.is_hq(user):
            return list(partner_municipalities().only("slug", "name_he", "name_en", "name_ar"))
        return list(Municipality.objects.filter(pk__in=access.member_municipality_ids(user))
                    .only("slug", "name_he", "name_en", "name_ar"))

    role = access.role_in(user, municipality) if municipality else None
    return {
        "current_municipality": municipality,
        "current_role": role,
        "current_role_label": Role(role).label if role else (
            PlatformRole(user.platform_role).label if access.is_hq(user) else ""),
        "stage_links": _mark_active(_stage_links(municipality, user), request.path),
        "is_hq": access.is_hq(user),
        "is_hq_admin": access.is_hq_admin_user(user),
        "switch_municipalities": switchable,
        "inbox_badge": InboxBadge(user),
    }
