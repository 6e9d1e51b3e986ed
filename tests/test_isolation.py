"""Tenant isolation, proven over every route the project has.

The routes are enumerated from the URL resolver (UI and API alike), not from a hand-kept list, so
every new view joins automatically. Municipality B gets a "world": rows of every tenant model, whose
text carries MARKER_B and whose ids are all above every id of A (computed so that no row of A has such an id). Then:

- a member of A requesting B's pages (`/m/<B>/...`) gets 404 (a POST-only view may answer 405);
- a member of A requesting A's pages with B's ids never sees MARKER_B, and B's data is unchanged
  after every GET and POST (and, on the API, PATCH / DELETE / create-in-B);
- API lists seen by A contain nothing of B;
- an anonymous visitor is sent to sign in (UI) or gets 401/403 (API) on every non-public route;
- a user who is a member of both A and B sees both, but on A's pages (scoped to A) never B's marker,
  and nothing done on A's pages changes B;
- well-formed hostile bodies (A's valid payloads carrying B's municipality or B's ids) are refused
  and leave B unchanged, and no row of A ends up pointing to a row of B;
- the selection API (like every selection page) is HQ-only.
"""
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from core import audit, tenancy
from core.roles import Role
from core.tenancy import tenant_relations
from tests import factories
from tests.conftest import MARKER_B
from tests.world import build_world

FOREIGN_ID_GAP = 100000  # B's world rows get ids above every existing id by at least this much

# Routes anyone may open (sign-in, password reset, language switch, health, API schema and docs).
PUBLIC = {
    "home", "healthz", "set_language", "javascript-catalog", "schema", "api-docs", "api-redoc",
    "accounts:login", "accounts:logout", "accounts:password_reset", "accounts:password_reset_done",
    "accounts:password_reset_confirm", "accounts:password_reset_complete",
}
SKIP_PREFIXES = ("admin/",)  # Django admin: HQ admins only; covered in tests/core/test_admin.py
# Routes HQ-only by policy, whatever their view declares: a new route there must refuse local users.
HQ_ONLY_PREFIXES = ("hq/", "selection/", "api/v1/selection/")
MARKER_A = "ZQXOWNA"

_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, _is_hq_only(entry.callback)


def _is_hq_only(callback):
    """A page guarded by core.access.hq_view, or an API view whose permission classes demand HQ."""
    if getattr(callback, "hq_perm", None):
        return True
    cls = getattr(callback, "cls", None) or getattr(getattr(callback, "view_class", None), "__self__", None)
    return bool(cls is not None and getattr(cls, "hq_only", False))


def _clean(route):
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    return route


def all_routes():
    routes = []
    for route, name, hq_only in _walk(get_resolver()):
        if route.startswith(SKIP_PREFIXES) or "(?P<format>" in route or "<drf_format_suffix" in route:
            continue
        routes.append((_clean(route), name))
        if hq_only or _clean(route).startswith(HQ_ONLY_PREFIXES):
            HQ_ONLY.add(name)
    return sorted(set(routes), key=lambda r: r[0])


HQ_ONLY: set = set()  # route names only HQ may open: local users get 404 (APIs: 403/404)


ROUTES = all_routes()


def _params(route):
    return [m.group("name") or m.group("rname") for m in _PARAM.finditer(route)]


def _fill(route, values):
    def sub(match):
        return str(values[match.group("name") or match.group("rname")])

    return "/" + _PARAM.sub(sub, route)


def _int_values(base, max_rows):
    return [base + i for i in range(max_rows)]


def isolated_models():
    """Every tenant model, plus the platform model holding rows of one municipality's users (the
    notifications, whose municipality is optional)."""
    from core.models import Notification

    return [*audit.tenant_models(), Notification]


def _bump_sequences():
    """Make every row created from now on in a tenant table get an id above every id that exists
    in any tenant table (sequences survive rolled-back tests on PostgreSQL, so the base is computed,
    not fixed). Returns the first such id."""
    from django.db.models import Max

    models = isolated_models()
    highest = max([m._base_manager.aggregate(top=Max("pk"))["top"] or 0 for m in models] + [0])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for m in models:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [m._meta.db_table])
                sequence = cursor.fetchone()[0]
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                value, called = cursor.fetchone()
                highest = max(highest, value if called else value - 1)
    base = highest + FOREIGN_ID_GAP
    with connection.cursor() as cursor:
        for m in models:
            table = m._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, base])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, base - 1])
    return base


def fingerprint(municipality):
    with tenancy.scope_all():
        return {m._meta.label: list(m._base_manager.filter(municipality=municipality)
                                    .order_by("pk").values())
                for m in isolated_models()}


def _str_values(name, tenant_b):
    if name == "model_label":
        return [m._meta.label for m in audit.tenant_models()]
    if name == "slug":
        return [tenant_b.municipality.slug]
    return ["x"]


@pytest.fixture
def world(tenant_a, tenant_b):
    base = _bump_sequences()
    build_world(tenant=tenant_b, marker=MARKER_B)
    fp = fingerprint(tenant_b.municipality)
    max_rows = max([len(rows) for rows in fp.values()] + [1])
    assert any(MARKER_B in str(rows) for rows in fp.values())
    return {"a": tenant_a, "b": tenant_b, "fingerprint": fp, "max_rows": min(max_rows, 12), "base": base}


def _urls(route, world, *, own_slug):
    """Concrete URLs for a route: the municipality slug of A (own) or B, other ids of B."""
    names = _params(route)
    int_names = [n for n in names if n in ("pk", "id") or n.endswith("_id") or n.endswith("pk")]
    str_names = [n for n in names if n not in int_names and not (n == "slug" and route.startswith("m/"))]
    ids = _int_values(world["base"], world["max_rows"])
    if any(len(_str_values(n, world["b"])) > 1 for n in str_names):
        ids = ids[:3]  # a route enumerating every model label: a few ids of each are enough
    # Several id parameters take the same foreign id together (B's rows share the id range), not
    # every combination: the product grows too fast and proves nothing more.
    combos = [{n: i for n in int_names} for i in ids] if int_names else [{}]
    for name in names:
        if name == "slug" and route.startswith("m/"):
            options = [world["a"].municipality.slug if own_slug else world["b"].municipality.slug]
        elif name in str_names:
            options = _str_values(name, world["b"])
        else:
            continue
        combos = [{**c, name: o} for c in combos for o in options]
    return [_fill(route, c) for c in combos]


def _assert_clean(response, url, method):
    body = response.content.decode("utf-8", errors="replace")
    assert MARKER_B not in body, f"{method} {url} leaked municipality B's data"


@pytest.mark.django_db
@pytest.mark.parametrize("route,name", ROUTES, ids=[r for r, _ in ROUTES])
def test_member_of_a_cannot_read_or_change_b(route, name, world, client_for):
    director_a = client_for(world["a"].user(Role.LOCAL_DIRECTOR))
    viewer_a = client_for(world["a"].user(Role.VIEWER))
    is_api = route.startswith("api/")
    tenant_route = route.startswith("m/")

    # 1. B's own pages: 404 for members of A (405 allowed for POST-only views).
    if tenant_route:
        for url in _urls(route, world, own_slug=False):
            for client in (director_a, viewer_a):
                response = client.get(url)
                assert response.status_code in (404, 405), f"GET {url} → {response.status_code}"
                response = client.post(url, {})
                assert response.status_code in (404, 405), f"POST {url} → {response.status_code}"

    # 2. A's pages or the API, with B's ids: nothing of B is shown or changed; HQ-only pages are 404.
    urls = _urls(route, world, own_slug=True)
    for url in urls:
        for client in (director_a, viewer_a):
            response = client.get(url)
            assert response.status_code < 500, f"GET {url} → {response.status_code}"
            if name in HQ_ONLY:
                allowed = (403, 404, 405) if is_api else (404, 405)
                assert response.status_code in allowed, f"HQ-only GET {url} → {response.status_code}"
            if is_api:  # the browsable API (what a person sees following an API link) as well as JSON
                html = client.get(url, HTTP_ACCEPT="text/html")
                assert html.status_code < 500, f"GET {url} (HTML) → {html.status_code}"
                _assert_clean(html, url, "GET (HTML)")
            _assert_clean(response, url, "GET")
            response = client.post(url, {"municipality": world["b"].municipality.slug},
                                   content_type="application/json" if is_api else None) \
                if is_api else client.post(url, {})
            assert response.status_code < 500, f"POST {url} → {response.status_code}"
            _assert_clean(response, url, "POST")
            if is_api and _params(route):
                for method in ("patch", "put", "delete"):
                    response = getattr(client, method)(url, {"notes": "hacked"}, content_type="application/json")
                    assert response.status_code in (400, 403, 404, 405), \
                        f"{method.upper()} {url} → {response.status_code}"
                    _assert_clean(response, url, method.upper())
    assert fingerprint(world["b"].municipality) == world["fingerprint"], f"{route} changed B's data"


@pytest.mark.django_db
@pytest.mark.parametrize("route,name", [r for r in ROUTES if r[1] not in PUBLIC], ids=[r for r, n in ROUTES if n not in PUBLIC])
def test_anonymous_is_sent_to_sign_in(route, name, world):
    client = Client()
    for url in _urls(route, world, own_slug=False)[:2]:
        response = client.get(url)
        if route.startswith("api/"):
            assert response.status_code in (401, 403), f"GET {url} → {response.status_code}"
        else:
            assert response.status_code in (302, 405), f"GET {url} → {response.status_code}"
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"], f"GET {url} → {response['Location']}"
        _assert_clean(response, url, "GET")


@pytest.mark.django_db
def test_outsider_and_hq_staff(world, client_for, outsider, hq_staff):
    """A signed-in user with no membership gets 404 everywhere in a municipality; HQ staff read."""
    slug = world["b"].municipality.slug
    stranger = client_for(outsider)
    assert stranger.get(f"/m/{slug}/").status_code == 404
    assert MARKER_B not in stranger.get("/api/v1/people/").content.decode()
    hq = client_for(hq_staff)
    assert hq.get(f"/m/{slug}/").status_code == 200
    assert MARKER_B in hq.get("/api/v1/people/").content.decode()


def test_routes_were_found():
    names = {n for _, n in ROUTES}
    assert "municipalities:home" in names and "municipality-list" in names
    assert {"hq:home", "selection:index", "accounts:tokens"} <= HQ_ONLY
    assert len(ROUTES) > 20


# --- a member of both A and B; well-formed hostile bodies; the selection API ----------------------
TENANT_ROUTES = [(r, n) for r, n in ROUTES if r.startswith("m/")]
API_COLLECTIONS = [(r, n) for r, n in ROUTES if r.startswith("api/v1/") and not _params(r) and n
                   and n.endswith("-list")]


def no_reference_from_a_to_b(a, b):
    """No row of A points (FK) to a row of B, in any tenant model."""
    crossing = []
    with tenancy.scope_all():
        for model in audit.tenant_models():
            for field in tenant_relations(model):
                hits = model.all_municipalities.filter(municipality=a).exclude(
                    **{f"{field.name}__municipality": a}).exclude(**{f"{field.attname}__isnull": True})
                crossing += [f"{model._meta.label}.{field.name} #{pk}" for pk in hits.values_list("pk", flat=True)]
    return crossing


@pytest.fixture
def both(world):
    """A local director of A who is also a local director of B (and a person in each). B's own name
    loses the marker: this user may see it (in the municipality switcher); B's data keeps it."""
    from municipalities.models import Municipality

    Municipality.objects.filter(pk=world["b"].municipality.pk).update(name_he="עיר ב", name_en="Town B")
    user = factories.UserFactory(username="director-of-both", first_name="Both")
    for tenant in (world["a"], world["b"]):
        factories.MembershipFactory(municipality=tenant.municipality, user=user, role=Role.LOCAL_DIRECTOR)
        factories.PersonFactory(municipality=tenant.municipality, user=user, full_name="מנהלת שתיהן")
    world["fingerprint"] = fingerprint(world["b"].municipality)
    return user


def hostile_body(world, *, slug):
    """Every FK name a tenant form or serializer may take, set to a row of B; the municipality given
    by `slug`. A valid-looking body of a cross-tenant write."""
    body = {"municipality": slug}
    for model in audit.tenant_models():
        for field in tenant_relations(model):
            rows = world["fingerprint"].get(field.related_model._meta.label) or []
            if rows:
                body[field.name] = rows[0]["id"]
    return body


@pytest.mark.django_db
def test_a_member_of_both_sees_both(world, both, client_for):
    client = client_for(both)
    assert client.get(f"/m/{world['b'].municipality.slug}/").status_code == 200
    assert MARKER_B in client.get(f"/m/{world['b'].municipality.slug}/people/").content.decode()
    assert MARKER_B not in client.get(f"/m/{world['a'].municipality.slug}/people/").content.decode()
    assert MARKER_B in client.get("/api/v1/people/").content.decode()  # the API spans both
    listed = client.get("/api/v1/people/?municipality=town-a").content.decode()
    assert MARKER_B not in listed


@pytest.mark.django_db
@pytest.mark.parametrize("route,name", TENANT_ROUTES, ids=[r for r, _ in TENANT_ROUTES])
def test_a_member_of_both_on_as_pages_never_sees_or_changes_b(route, name, world, both, client_for):
    client = client_for(both)
    body = hostile_body(world, slug=world["b"].municipality.slug)
    for url in _urls(route, world, own_slug=True):
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} → {response.status_code}"
        _assert_clean(response, url, "GET")
        for data in ({}, body):
            response = client.post(url, data)
            assert response.status_code < 500, f"POST {url} → {response.status_code}"
            _assert_clean(response, url, "POST")
    assert fingerprint(world["b"].municipality) == world["fingerprint"], f"{route} changed B's data"
    assert not no_reference_from_a_to_b(world["a"].municipality, world["b"].municipality)


@pytest.fixture
def world_of_a(world):
    """Rows of every tenant model for A too, so A's own pages have records to post to."""
    build_world(tenant=world["a"], marker=MARKER_A)
    world["fingerprint"] = fingerprint(world["b"].municipality)
    own = fingerprint(world["a"].municipality)
    world["a_ids"] = sorted({rows[0]["id"] for rows in own.values() if rows})
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("route,name", TENANT_ROUTES, ids=[r for r, _ in TENANT_ROUTES])
def test_well_formed_cross_tenant_posts_on_as_own_records_are_refused(route, name, world_of_a, client_for):
    """A's director posts to A's own records a body naming B's rows (and B's municipality): the page
    refuses it (a form error, 403 or 404), B is unchanged and no row of A points to B afterwards."""
    world = world_of_a
    director = client_for(world["a"].user(Role.LOCAL_DIRECTOR))
    names = _params(route)
    int_names = [n for n in names if n in ("pk", "id") or n.endswith("_id") or n.endswith("pk")]
    combos = [{n: i for n in int_names} for i in world["a_ids"]] if int_names else [{}]
    for combo in combos:
        values = {**combo, **{n: world["a"].municipality.slug for n in names if n == "slug"}}
        values.update({n: _str_values(n, world["b"])[0] for n in names if n not in values})
        url = _fill(route, values)
        response = director.post(url, hostile_body(world, slug=world["b"].municipality.slug))
        assert response.status_code < 500, f"POST {url} → {response.status_code}"
        _assert_clean(response, url, "POST")
    assert fingerprint(world["b"].municipality) == world["fingerprint"], f"{route} changed B's data"
    crossing = no_reference_from_a_to_b(world["a"].municipality, world["b"].municipality)
    assert not crossing, f"{route}: rows of A now point to B: {crossing}"


def _api_model(url):
    cls = getattr(resolve(url).func, "cls", None)
    serializer = getattr(cls, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


@pytest.mark.django_db
@pytest.mark.parametrize("route,name", API_COLLECTIONS, ids=[r for r, _ in API_COLLECTIONS])
def test_well_formed_cross_tenant_api_writes_are_refused(route, name, world_of_a, client_for):
    """A's valid payload, sent again with B's municipality or with B's ids in its references: 400, 403
    or 404 (405 where the resource is read-only), B unchanged, no row of A pointing to B."""
    world = world_of_a
    director = client_for(world["a"].user(Role.LOCAL_DIRECTOR))
    url = "/" + route
    model = _api_model(url)
    listing = director.get(url, {"municipality": world["a"].municipality.slug})
    if listing.status_code != 200 or model is None:
        return  # HQ-only or not a tenant collection: covered by the tests above
    data = listing.json()
    items = data.get("results", data) if isinstance(data, dict) else data
    if not items:
        return
    item = items[0]
    payload = {k: v for k, v in item.items() if k not in ("id", "url", "updated_at", "created_at")}
    attempts = []
    if "municipality" in payload:
        attempts.append({**payload, "municipality": world["b"].municipality.slug})
    for field in tenant_relations(model):
        rows = world["fingerprint"].get(field.related_model._meta.label) or []
        if field.name in payload and rows:
            attempts.append({**payload, field.name: rows[0]["id"]})
    for body in attempts:
        response = director.post(url, body, content_type="application/json")
        assert response.status_code in (400, 403, 404, 405), f"POST {url} {body} → {response.status_code}"
        _assert_clean(response, url, "POST")
        detail = f"{url}{item['id']}/" if "id" in item else None
        if detail:
            response = director.patch(detail, body, content_type="application/json")
            assert response.status_code in (400, 403, 404, 405), f"PATCH {detail} {body} → {response.status_code}"
            _assert_clean(response, detail, "PATCH")
    assert fingerprint(world["b"].municipality) == world["fingerprint"], f"{route} changed B's data"
    crossing = no_reference_from_a_to_b(world["a"].municipality, world["b"].municipality)
    assert not crossing, f"{route}: rows of A now point to B: {crossing}"


SELECTION_API = [(r, n) for r, n in ROUTES if r.startswith("api/v1/selection/")]


@pytest.mark.django_db
def test_the_selection_api_is_hq_only(world, both, client_for, hq_staff):
    assert SELECTION_API, "the selection API has routes"
    assert {n for _, n in SELECTION_API} <= HQ_ONLY
    local = [client_for(world["a"].user(role)) for role in Role] + [client_for(both)]
    hq = client_for(hq_staff)
    for route, _name in SELECTION_API:
        for url in _urls(route, world, own_slug=True)[:2]:
            for client in local:
                for method in ("get", "post", "patch", "delete"):
                    response = getattr(client, method)(url, {}, content_type="application/json")
                    assert response.status_code in (403, 404, 405), f"{method.upper()} {url} → {response.status_code}"
                    _assert_clean(response, url, method.upper())
        if not _params(route):
            assert hq.get(url).status_code == 200, f"HQ GET {url}"
    assert fingerprint(world["b"].municipality) == world["fingerprint"]
