"""Who may see and do what, resolved once per request.

- `roles_in(user, municipality)` answers from the user's active memberships (loaded once per request).
- The predicates below are django-rules predicates taking (user, municipality); each app's
  `rules.py` combines them into named permissions (`steering.manage_body`, ...).
- `tenant_view(perm)` guards every `/m/<slug>/...` view: outsiders get 404, members without the
  permission 403, and the view runs inside the municipality's tenant scope.
- `hq_view(perm)` guards platform-wide pages; non-HQ users get 404 (they must not learn they exist).
"""
from __future__ import annotations

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import tenancy
from core.roles import APPROVER_ROLES, PlatformRole, Role

_CACHE_ATTR = "_yishuv_roles"


def _memberships(user) -> dict[int, str]:
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from municipalities.models import Membership

        cached = dict(
            Membership.all_municipalities.filter(user=user, is_active=True).values_list(
                "municipality_id", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_cached_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_in(user, municipality) -> str | None:
    if municipality is None:
        return None
    pk = municipality if isinstance(municipality, int) else municipality.pk
    return _memberships(user).get(pk)


def member_municipality_ids(user) -> set[int]:
    return set(_memberships(user))


def is_hq(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and getattr(user, "platform_role", "") in (PlatformRole.HQ_STAFF, PlatformRole.HQ_ADMIN))


def is_hq_admin_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and getattr(user, "platform_role", "") == PlatformRole.HQ_ADMIN)


def can_see(user, municipality) -> bool:
    return is_hq(user) or role_in(user, municipality) is not None


def visible_scope(user) -> tenancy.Scope:
    """The municipalities a user may read: all for HQ, their memberships otherwise."""
    if is_hq(user):
        return tenancy.Scope(None)
    return tenancy.Scope(frozenset(member_municipality_ids(user)))


# --- django-rules predicates: (user, municipality) ----------------------------------------------
@rules.predicate
def is_hq_staff(user, municipality=None):
    return is_hq(user)


@rules.predicate
def is_hq_admin(user, municipality=None):
    return is_hq_admin_user(user)


@rules.predicate
def is_member(user, municipality):
    return role_in(user, municipality) is not None


def has_role(*roles):
    wanted = frozenset(roles)
    name = "has_role:" + ",".join(sorted(str(r) for r in wanted))

    @rules.predicate(name)
    def _pred(user, municipality):
        return role_in(user, municipality) in wanted

    return _pred


is_local_director = has_role(Role.LOCAL_DIRECTOR)
is_approver = has_role(*APPROVER_ROLES)
is_domain_lead = has_role(Role.DOMAIN_LEAD)
is_committee_member = has_role(Role.COMMITTEE_MEMBER)

# Base permissions every stage builds on (apps add their own in rules.py).
can_view_municipality = is_member | is_hq_staff
can_manage_municipality = is_local_director | is_hq_admin
can_approve = is_approver
can_contribute = can_manage_municipality | is_approver | is_domain_lead | is_committee_member

rules.add_perm("municipalities.view", can_view_municipality)
rules.add_perm("municipalities.manage", can_manage_municipality)
rules.add_perm("municipalities.approve", can_approve)
rules.add_perm("municipalities.contribute", can_contribute)
rules.add_perm("municipalities.manage_users", can_manage_municipality)
rules.add_perm("municipalities.view_audit", can_view_municipality)
rules.add_perm("core.hq_view", is_hq_staff)
rules.add_perm("core.hq_admin", is_hq_admin)


# --- view guards ---------------------------------------------------------------------------------
def tenant_view(perm: str = "municipalities.view"):
    """Guard a `/m/<slug>/...` function view.

    The view is called as `view(request, **kwargs)` without `slug`; `request.municipality` is set,
    and every tenant query inside runs scoped to that municipality. Render with `render()` (not a
    lazy TemplateResponse) so the template is rendered while the scope is still active.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            from municipalities.models import Municipality

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            municipality = Municipality.objects.filter(slug=slug).first()
            if municipality is None or not can_see(request.user, municipality):
                raise Http404
            if not request.user.has_perm(perm, municipality):
                raise PermissionDenied
            request.municipality = municipality
            token = tenancy.set_scope(tenancy.Scope(frozenset({municipality.pk})))
            try:
                return view(request, *args, **kwargs)
            finally:
                tenancy.reset_scope(token)

        wrapped.tenant_perm = perm
        return wrapped

    return decorator


def hq_view(perm: str = "core.hq_view"):
    """Guard a platform-wide page (HQ home, selection). Others get 404; runs in the all-scope."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_hq(request.user):
                raise Http404
            if not request.user.has_perm(perm):
                raise PermissionDenied
            token = tenancy.set_scope(tenancy.Scope(None))
            try:
                return view(request, *args, **kwargs)
            finally:
                tenancy.reset_scope(token)

        wrapped.hq_perm = perm
        return wrapped

    return decorator

