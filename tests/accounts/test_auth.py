import pytest
from django.core import mail
from django.core.cache import cache

from core.roles import Role
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_login_and_logout(tenant_a, client):
    user = tenant_a.user(Role.LOCAL_DIRECTOR)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # on to the municipality
    client.post("/accounts/logout/")
    assert client.get(f"/m/{tenant_a.municipality.slug}/").status_code == 302


@pytest.mark.django_db
def test_login_is_rate_limited(tenant_a, client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    user = tenant_a.user(Role.VIEWER)
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
        assert response.status_code == 200
    client.cookies["yishuv_language"] = "en"
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_successful_login_resets_the_counter(tenant_a, client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    user = tenant_a.user(Role.VIEWER)
    client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_password_change(tenant_a, client_for):
    user = tenant_a.user(Role.VIEWER)
    client = client_for(user)
    response = client.post("/accounts/password/change/", {
        "old_password": PASSWORD, "new_password1": "Another-pass-77", "new_password2": "Another-pass-77"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-77")


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(tenant_a, client):
    user = tenant_a.user(Role.VIEWER)
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    page = client.get(link[link.index("/accounts/"):].strip(), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "Reset-pass-99",
                                                        "new_password2": "Reset-pass-99"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Reset-pass-99")


@pytest.mark.django_db
def test_admin_is_for_hq_admins_only(tenant_a, client_for, hq_admin, hq_staff):
    assert client_for(hq_admin).get("/admin/municipalities/person/").status_code == 200
    assert client_for(hq_admin).get("/admin/municipalities/initiative/").status_code == 200
    assert client_for(hq_staff).get("/admin/").status_code == 302
    assert client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_sign_in_with_the_email_in_any_case(tenant_a, client):
    user = tenant_a.user(Role.VIEWER)
    response = client.post("/accounts/login/", {"username": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_one_persons_typos_do_not_lock_out_colleagues_on_the_same_connection(tenant_a, client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    for _ in range(4):
        client.post("/accounts/login/", {"username": tenant_a.user(Role.VIEWER).username, "password": "wrong"})
    colleague = tenant_a.user(Role.LOCAL_DIRECTOR)
    assert client.post("/accounts/login/", {"username": colleague.username, "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_many_accounts_from_one_address_are_slowed_down(tenant_a, client, settings):
    settings.LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS = 5
    for i in range(5):
        client.post("/accounts/login/", {"username": f"guess{i}", "password": "wrong"})
    colleague = tenant_a.user(Role.LOCAL_DIRECTOR)
    assert client.post("/accounts/login/", {"username": colleague.username, "password": PASSWORD}).status_code == 200


@pytest.mark.django_db
def test_an_invited_user_who_lost_the_link_can_get_a_new_one(tenant_a, client):
    from tests.factories import UserFactory

    invited = UserFactory(username="lost@example.org", email="lost@example.org")
    invited.set_unusable_password()
    invited.save()
    client.post("/accounts/password/reset/", {"email": "Lost@Example.org"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lost@example.org"]


def _fail(client, url, name, times):
    for _ in range(times):
        assert client.post(url, {"username": name, "password": "wrong"}).status_code == 200


@pytest.mark.django_db
def test_a_locked_username_cannot_sign_in_with_its_email_in_any_case(tenant_a, client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    user = tenant_a.user(Role.VIEWER)
    _fail(client, "/accounts/login/", user.username, 3)
    client.cookies["yishuv_language"] = "en"
    for name in (user.email, user.email.upper(), user.username.upper()):
        response = client.post("/accounts/login/", {"username": name, "password": PASSWORD})
        assert response.status_code == 200
        assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_failures_under_username_and_email_add_up(tenant_a, client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 4
    user = tenant_a.user(Role.VIEWER)
    _fail(client, "/accounts/login/", user.username, 2)
    _fail(client, "/accounts/login/", user.email.upper(), 2)
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_is_rate_limited_per_account(client, hq_admin, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    hq_admin.set_password(PASSWORD)
    hq_admin.save()
    _fail(client, "/admin/login/", hq_admin.email, 3)
    client.cookies["yishuv_language"] = "en"
    response = client.post("/admin/login/", {"username": hq_admin.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_site_login_failures_lock_the_admin_login_and_back(client, hq_admin, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    hq_admin.set_password(PASSWORD)
    hq_admin.save()
    _fail(client, "/accounts/login/", hq_admin.username, 2)
    _fail(client, "/admin/login/", hq_admin.username, 1)
    for url in ("/admin/login/", "/accounts/login/"):
        assert client.post(url, {"username": hq_admin.username, "password": PASSWORD}).status_code == 200
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_still_works_before_the_limit(client, hq_admin, settings):
    hq_admin.set_password(PASSWORD)
    hq_admin.save()
    response = client.post("/admin/login/?next=/admin/", {"username": hq_admin.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_old_passwords_count_against_the_account(tenant_a, client_for, client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    user = tenant_a.user(Role.VIEWER)
    signed_in = client_for(user)
    data = {"new_password1": "Another-pass-77", "new_password2": "Another-pass-77"}
    for _ in range(3):
        assert signed_in.post("/accounts/password/change/", {"old_password": "wrong", **data}).status_code == 200
    signed_in.cookies["yishuv_language"] = "en"
    response = signed_in.post("/accounts/password/change/", {"old_password": PASSWORD, **data})
    assert "Too many failed sign-in attempts" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert client.post("/accounts/login/", {"username": user.email, "password": PASSWORD}).status_code == 200


@pytest.mark.django_db
def test_unknown_names_are_counted_by_name_and_by_address(client, settings):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 2
    settings.LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS = 5
    from accounts import ratelimit

    _fail(client, "/accounts/login/", "nobody@example.org", 2)
    assert ratelimit.is_locked(typed="NOBODY@example.org ", address="10.0.0.1")
    _fail(client, "/accounts/login/", "someone-else", 2)
    _fail(client, "/accounts/login/", "a-third-name", 1)
    assert ratelimit.is_locked(typed="fresh-name", address="127.0.0.1")
