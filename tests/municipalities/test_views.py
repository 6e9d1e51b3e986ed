import pytest
from django.core import mail

from accounts.models import User
from core import tenancy
from core.roles import Role
from municipalities.models import Membership, Person
from tests import factories


@pytest.mark.django_db
class TestAccess:
    def test_member_sees_own_home_and_outsider_gets_404(self, tenant_a, tenant_b, client_for, outsider):
        url = f"/m/{tenant_a.municipality.slug}/"
        response = client_for(tenant_a.user(Role.VIEWER)).get(url)
        assert response.status_code == 200
        assert tenant_a.municipality.name_he in response.content.decode()
        assert client_for(tenant_b.user(Role.LOCAL_DIRECTOR)).get(url).status_code == 404
        assert client_for(outsider).get(url).status_code == 404

    def test_member_without_role_gets_403(self, tenant_a, client_for):
        slug = tenant_a.municipality.slug
        assert client_for(tenant_a.user(Role.VIEWER)).get(f"/m/{slug}/users/").status_code == 403
        assert client_for(tenant_a.user(Role.COMMITTEE_MEMBER)).get(f"/m/{slug}/initiative/edit/").status_code == 403
        assert client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).get(f"/m/{slug}/users/").status_code == 200

    def test_anonymous_is_sent_to_login(self, tenant_a, client):
        response = client.get(f"/m/{tenant_a.municipality.slug}/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_landing_redirects_by_role(self, tenant_a, client_for, hq_staff):
        assert client_for(hq_staff).get("/")["Location"] == "/hq/"
        assert client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).get("/")["Location"] == f"/m/{tenant_a.municipality.slug}/"

    def test_hq_home_lists_every_initiative_and_locals_get_404(self, tenant_a, tenant_b, client_for, hq_staff):
        body = client_for(hq_staff).get("/hq/").content.decode()
        assert tenant_a.municipality.name_he in body and "Town B" not in body or tenant_b.municipality.name_he in body
        assert client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).get("/hq/").status_code == 404

    def test_ceo_sees_awaiting_my_approval_area(self, tenant_a, client_for):
        slug = tenant_a.municipality.slug
        body = client_for(tenant_a.user(Role.MUNICIPAL_CEO)).get(f"/m/{slug}/").content.decode()
        assert 'id="awaiting-heading"' in body
        body = client_for(tenant_a.user(Role.VIEWER)).get(f"/m/{slug}/").content.decode()
        assert 'id="awaiting-heading"' not in body  # nothing waits for them, and they approve nothing
        assert client_for(tenant_a.user(Role.MUNICIPAL_CEO)).get(f"/m/{slug}/approvals/").status_code == 200
        assert client_for(tenant_a.user(Role.VIEWER)).get(f"/m/{slug}/approvals/").status_code == 403

    def test_home_shows_the_ten_stages_and_the_current_one(self, tenant_a, client_for):
        body = client_for(tenant_a.user(Role.VIEWER)).get(f"/m/{tenant_a.municipality.slug}/").content.decode()
        assert body.count('class="roadmap"') == 1
        assert body.count('<li class="current"') == 1
        # a stage is done only when its records say so (tests/municipalities/test_home.py)
        assert body.count('<li class="done"') <= 1

    def test_unbuilt_stage_says_so(self, tenant_a, client_for):
        client = client_for(tenant_a.user(Role.VIEWER))
        client.cookies["yishuv_language"] = "en"
        response = client.get(f"/m/{tenant_a.municipality.slug}/compass/")
        assert "not built yet" in response.content.decode()


@pytest.mark.django_db
class TestPeople:
    def test_search_with_htmx_returns_the_fragment(self, tenant_a, client_for):
        client = client_for(tenant_a.user(Role.VIEWER))
        url = f"/m/{tenant_a.municipality.slug}/people/?q=Local"
        full = client.get(url).content.decode()
        fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert "<html" in full and "<html" not in fragment and "<table" in fragment

    def test_director_adds_a_person_and_history_is_recorded(self, tenant_a, client_for):
        director = tenant_a.user(Role.LOCAL_DIRECTOR)
        slug = tenant_a.municipality.slug
        response = client_for(director).post(f"/m/{slug}/people/new/", {
            "full_name": "רותם עזר", "sector": "residents", "role_title": "הורה", "email": "r@example.org"})
        assert response.status_code == 302
        with tenancy.scope(tenant_a.municipality):
            person = Person.objects.get(full_name="רותם עזר")
            record = person.history.first()
        assert record.history_user == director and record.history_type == "+"

    def test_bad_input_keeps_what_was_typed(self, tenant_a, client_for):
        slug = tenant_a.municipality.slug
        response = client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).post(f"/m/{slug}/people/new/", {
            "full_name": "שם שנשמר", "sector": "", "email": "not-an-email"})
        body = response.content.decode()
        assert response.status_code == 200
        assert 'value="שם שנשמר"' in body and 'aria-invalid="true"' in body

    def test_concurrent_edit_is_detected_not_overwritten(self, tenant_a, client_for):
        slug = tenant_a.municipality.slug
        client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
        with tenancy.scope(tenant_a.municipality):
            person = Person.objects.first()
        page = client.get(f"/m/{slug}/people/{person.pk}/").content.decode()
        import re

        version = re.search(r'name="version" value="([^"]+)"', page).group(1)
        data = {"full_name": "First save", "sector": person.sector, "version": version}
        assert client.post(f"/m/{slug}/people/{person.pk}/", data).status_code == 302
        data["full_name"] = "Second, stale save"
        response = client.post(f"/m/{slug}/people/{person.pk}/", data)
        assert response.status_code == 200 and 'value="Second, stale save"' in response.content.decode()
        person.refresh_from_db()
        assert person.full_name == "First save"


@pytest.mark.django_db
class TestUsers:
    def test_director_invites_a_user_who_sets_a_password(self, tenant_a, client_for, client,
                                                         django_capture_on_commit_callbacks):
        slug = tenant_a.municipality.slug
        director = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
        with django_capture_on_commit_callbacks(execute=True):
            response = director.post(f"/m/{slug}/users/", {
                "email": "New.Lead@example.org", "first_name": "נגה", "last_name": "בר", "role": "domain_lead"})
        assert response.status_code == 302
        user = User.objects.get(email="new.lead@example.org")
        assert not user.has_usable_password()
        with tenancy.scope(tenant_a.municipality):
            assert Membership.objects.get(user=user).role == Role.DOMAIN_LEAD
        assert len(mail.outbox) == 1
        link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
        path = link[link.index("/accounts/"):].strip()
        form_page = client.get(path, follow=True)
        set_url = form_page.redirect_chain[-1][0]
        done = client.post(set_url, {"new_password1": "a-Strong-pass-2026", "new_password2": "a-Strong-pass-2026"})
        assert done.status_code == 302
        assert client.login(username="new.lead@example.org", password="a-Strong-pass-2026")

    def test_inviting_an_existing_member_is_a_clear_error(self, tenant_a, client_for):
        slug = tenant_a.municipality.slug
        member = tenant_a.user(Role.VIEWER)
        response = client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).post(f"/m/{slug}/users/", {
            "email": member.email, "first_name": "x", "role": "viewer"})
        assert response.status_code == 200 and "errorlist" in response.content.decode()

    def test_change_role_and_deactivate(self, tenant_a, client_for):
        slug = tenant_a.municipality.slug
        director = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
        viewer = tenant_a.user(Role.VIEWER)
        with tenancy.scope(tenant_a.municipality):
            membership = Membership.objects.get(user=viewer)
        director.post(f"/m/{slug}/users/{membership.pk}/", {"role": "committee_member"})
        membership.refresh_from_db()
        assert membership.role == Role.COMMITTEE_MEMBER
        director.post(f"/m/{slug}/users/{membership.pk}/", {"active": "0"})
        membership.refresh_from_db()
        assert not membership.is_active
        assert client_for(viewer).get(f"/m/{slug}/").status_code == 404

    def test_director_cannot_deactivate_themself(self, tenant_a, client_for):
        director = tenant_a.user(Role.LOCAL_DIRECTOR)
        with tenancy.scope(tenant_a.municipality):
            membership = Membership.objects.get(user=director)
        client_for(director).post(f"/m/{tenant_a.municipality.slug}/users/{membership.pk}/", {"active": "0"})
        membership.refresh_from_db()
        assert membership.is_active


@pytest.mark.django_db
def test_initiative_edit_and_restore_from_history(tenant_a, client_for):
    slug = tenant_a.municipality.slug
    director = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    initiative = tenant_a.initiative
    page = director.get(f"/m/{slug}/initiative/edit/").content.decode()
    import re

    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    response = director.post(f"/m/{slug}/initiative/edit/", {
        "title": "כותרת חדשה", "phase": "planning_year", "stage": 5, "status": "active", "version": version})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.stage == 5
    history = director.get(f"/m/{slug}/audit/municipalities.Initiative/{initiative.pk}/").content.decode()
    assert "כותרת חדשה" in history
    with tenancy.scope(initiative.municipality):
        first = initiative.history.order_by("history_date").first()
    director.post(f"/m/{slug}/audit/municipalities.Initiative/{initiative.pk}/restore/{first.history_id}/")
    initiative.refresh_from_db()
    assert initiative.stage == first.stage and initiative.title == first.title
    with tenancy.scope(initiative.municipality):
        assert initiative.history.first().history_change_reason.startswith("Restored") or \
            initiative.history.first().history_change_reason
    log = director.get(f"/m/{slug}/audit/").content.decode()
    assert "Initiative" in log or "יוזמה" in log


@pytest.mark.django_db
def test_audit_log_pages_and_filters(tenant_a, client_for):
    for i in range(60):
        factories.PersonFactory(municipality=tenant_a.municipality, full_name=f"אדם {i}")
    client = client_for(tenant_a.user(Role.VIEWER))
    slug = tenant_a.municipality.slug
    first = client.get(f"/m/{slug}/audit/").content.decode()
    assert first.count("<tr>") == 51 and "?page=2" in first
    second = client.get(f"/m/{slug}/audit/?page=2").content.decode()
    assert "?page=1" in second
    only = client.get(f"/m/{slug}/audit/?type=municipalities.Initiative").content.decode()
    assert only.count("<tr>") == 2
