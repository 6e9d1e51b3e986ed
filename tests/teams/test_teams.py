"""Professional teams: creation with the four-session track, the CEO-only appointment of domain
leads, the checklist and outputs."""
import pytest
from django.core.exceptions import PermissionDenied

from core.roles import Role
from teams import selectors, services
from teams.models import ProfessionalTeam, TrackItem
from tests import factories


@pytest.fixture
def team(tenant_a, scope_of):
    with scope_of(tenant_a.municipality):
        return services.team_create(initiative=tenant_a.initiative, name="צוות גיל רך", domain="early_childhood",
                                    by=tenant_a.user(Role.LOCAL_DIRECTOR))


@pytest.mark.django_db
def test_a_team_is_a_body_with_the_four_session_track(team, scope_of, tenant_a):
    assert team.body.kind == "professional_team" and team.body.domain == "early_childhood"
    assert (team.body.min_size, team.body.max_size, team.body.meetings_per_year) == (10, 15, 4)
    with scope_of(tenant_a.municipality):
        sessions = selectors.team_track(team=team)
    assert [s["number"] for s in sessions] == [1, 2, 3, 4]
    assert all(s["total"] >= 3 and s["done"] == 0 for s in sessions)
    keys = set(TrackItem.all_municipalities.filter(team=team).values_list("key", flat=True))
    assert {"status_picture", "graduate_figure", "root_problems", "plan_draft", "plan_approved",
            "control_points", "measurement"} <= keys


@pytest.mark.django_db
def test_the_ceo_appoints_the_domain_lead_and_it_is_recorded(team, tenant_a, scope_of):
    ceo = tenant_a.user(Role.MUNICIPAL_CEO)
    lead = factories.PersonFactory(municipality=tenant_a.municipality, full_name="מיכל לוי")
    with scope_of(tenant_a.municipality):
        services.team_appoint_lead(team=team, person=lead, by=ceo, mandate="ניהול התקציב")
    team.refresh_from_db()
    assert team.domain_lead == lead and team.lead_appointed_by == ceo and team.lead_appointed_at
    assert team.history.all_municipalities().first().history_user == ceo
    assert team.body.chair == lead


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LOCAL_DIRECTOR, Role.HEAD_OF_AUTHORITY, Role.DOMAIN_LEAD,
                                  Role.COMMITTEE_MEMBER, Role.VIEWER])
def test_nobody_else_can_appoint_a_domain_lead(role, team, tenant_a, scope_of):
    lead = factories.PersonFactory(municipality=tenant_a.municipality)
    with scope_of(tenant_a.municipality), pytest.raises(PermissionDenied):
        services.team_appoint_lead(team=team, person=lead, by=tenant_a.user(role))
    team.refresh_from_db()
    assert team.domain_lead is None


@pytest.mark.django_db
def test_not_hq_admin_nor_another_municipalitys_ceo(team, tenant_a, tenant_b, hq_admin, scope_of, client_for):
    lead = factories.PersonFactory(municipality=tenant_a.municipality)
    with scope_of(tenant_a.municipality), pytest.raises(PermissionDenied):
        services.team_appoint_lead(team=team, person=lead, by=hq_admin)
    with scope_of(tenant_a.municipality), pytest.raises(PermissionDenied):
        services.team_appoint_lead(team=team, person=lead, by=tenant_b.user(Role.MUNICIPAL_CEO))
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/appoint-lead/"
    assert client_for(hq_admin).post(path, {"person": lead.pk}).status_code == 403
    assert client_for(tenant_b.user(Role.MUNICIPAL_CEO)).post(path, {"person": lead.pk}).status_code == 404


@pytest.mark.django_db
def test_appointment_page_is_the_ceos_only(team, tenant_a, client_for):
    lead = factories.PersonFactory(municipality=tenant_a.municipality, full_name="מוביל חדש")
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/appoint-lead/"
    for role in Role:
        if role == Role.MUNICIPAL_CEO:
            continue
        assert client_for(tenant_a.user(role)).post(path, {"person": lead.pk}).status_code == 403
    ceo = client_for(tenant_a.user(Role.MUNICIPAL_CEO))
    assert "appoint-lead" in ceo.get(f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/").content.decode()
    assert ceo.post(path, {"person": lead.pk, "mandate": "סמכות מלאה"}).status_code == 302
    page = client_for(tenant_a.user(Role.VIEWER)).get(f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/")
    assert "מוביל חדש" in page.content.decode() and "appoint-lead" not in page.content.decode()
    team.refresh_from_db()
    assert team.lead_appointed_by == tenant_a.user(Role.MUNICIPAL_CEO)


@pytest.mark.django_db
def test_a_lead_cannot_be_set_without_the_ceos_act(team, tenant_a, scope_of):
    from django.core.exceptions import ValidationError

    team.domain_lead = factories.PersonFactory(municipality=tenant_a.municipality)
    with scope_of(tenant_a.municipality), pytest.raises(ValidationError):
        team.full_clean()


def _person_of(user, municipality):
    from municipalities.models import Person

    return Person.all_municipalities.get(municipality=municipality, user=user)


def _appoint(team, tenant, person, scope_of):
    with scope_of(tenant.municipality):
        services.team_appoint_lead(team=team, person=person, by=tenant.user(Role.MUNICIPAL_CEO))


@pytest.mark.django_db
def test_checklist_items_link_to_records_and_bad_links_are_refused(team, tenant_a, client_for, scope_of):
    _appoint(team, tenant_a, _person_of(tenant_a.user(Role.DOMAIN_LEAD), tenant_a.municipality), scope_of)
    item = TrackItem.all_municipalities.filter(team=team).first()
    client = client_for(tenant_a.user(Role.DOMAIN_LEAD))
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/items/{item.pk}/"
    link = f"/m/{tenant_a.municipality.slug}/steering/bodies/{team.body_id}/"
    assert client.post(path, {"done": "on", "link_url": link, "note": "סוכם"}).status_code == 302
    item.refresh_from_db()
    assert item.done and item.link_url == link and item.completed_by == tenant_a.user(Role.DOMAIN_LEAD)
    client.post(path, {"done": "on", "link_url": "javascript:alert(1)"})
    item.refresh_from_db()
    assert item.link_url == link  # refused, kept the good one
    assert client_for(tenant_a.user(Role.VIEWER)).post(path, {"done": ""}).status_code == 403


@pytest.mark.django_db
def test_create_team_and_add_output_through_pages(tenant_a, client_for):
    from core import tenancy
    from design_forum.models import LocalGoal

    with tenancy.scope_all():
        goal = LocalGoal.objects.create(municipality=tenant_a.municipality, title="יותר ילדים בחינוך הבלתי פורמלי",
                                        domain="education")
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    base = f"/m/{tenant_a.municipality.slug}/teams/"
    response = client.post(base + "new/", {"name": "צוות חינוך", "domain": "education", "local_goal": goal.pk})
    assert response.status_code == 302
    team = ProfessionalTeam.all_municipalities.get(body__name="צוות חינוך")
    assert team.local_goal == goal
    assert client.post(base + f"{team.pk}/outputs/add/", {"kind": "policy_document", "title": "מסמך מדיניות"}
                       ).status_code == 302
    page = client.get(base + f"{team.pk}/").content.decode()
    assert "מסמך מדיניות" in page and "יותר ילדים בחינוך הבלתי פורמלי" in page
    assert "צוות חינוך" in client.get(base).content.decode()


@pytest.mark.django_db
def test_teams_api_lists(team, tenant_a):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(tenant_a.user(Role.VIEWER))
    for path in ("teams", "track-items", "outputs"):
        assert client.get(f"/api/v1/teams/{path}/").status_code == 200


@pytest.mark.django_db
def test_one_team_per_local_goal(tenant_a, scope_of):
    from django.core.exceptions import ValidationError

    from core import tenancy
    from design_forum.models import LocalGoal

    with tenancy.scope_all():
        goal = LocalGoal.objects.create(municipality=tenant_a.municipality, title="יעד", domain="education")
    with scope_of(tenant_a.municipality):
        services.team_create(initiative=tenant_a.initiative, name="צוות א", domain="education", local_goal=goal,
                             by=tenant_a.user(Role.LOCAL_DIRECTOR))
        with pytest.raises(ValidationError):
            services.team_create(initiative=tenant_a.initiative, name="צוות ב", domain="education",
                                 local_goal=goal, by=tenant_a.user(Role.LOCAL_DIRECTOR))
    assert ProfessionalTeam.all_municipalities.count() == 1


@pytest.mark.django_db
def test_steering_sends_professional_teams_to_the_teams_page(tenant_a, client_for):
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    response = client.get(f"/m/{tenant_a.municipality.slug}/steering/bodies/new/?kind=professional_team")
    assert response.status_code == 302 and response["Location"].endswith("/teams/new/")


@pytest.mark.django_db
def test_the_appointed_lead_works_on_their_team_whatever_their_role(team, tenant_a, client_for, scope_of):
    """The permission follows the appointment, not the domain-lead role: the appointed lead (here a
    committee member) works on their team; a user with the domain-lead role who was not appointed
    may not; the local director and HQ admin still may."""
    member_user = tenant_a.user(Role.COMMITTEE_MEMBER)
    _appoint(team, tenant_a, _person_of(member_user, tenant_a.municipality), scope_of)
    item = TrackItem.all_municipalities.filter(team=team).first()
    base = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/"
    lead = client_for(member_user)
    assert 'name="link_url"' in lead.get(base).content.decode()  # the checklist is editable
    assert lead.post(base + f"items/{item.pk}/", {"done": "on", "note": "סוכם"}).status_code == 302
    assert lead.post(base + "outputs/add/", {"kind": "policy_document", "title": "מסמך"}).status_code == 302
    item.refresh_from_db()
    assert item.done and item.completed_by == member_user

    other_lead = client_for(tenant_a.user(Role.DOMAIN_LEAD))
    assert 'name="link_url"' not in other_lead.get(base).content.decode()
    assert other_lead.post(base + f"items/{item.pk}/", {"done": ""}).status_code == 403
    assert other_lead.get(base + "outputs/add/").status_code == 403
    item.refresh_from_db()
    assert item.done

    assert client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).post(base + f"items/{item.pk}/", {"note": "x"}
                                                              ).status_code == 302


@pytest.mark.django_db
def test_hq_admin_still_works_on_teams(team, hq_admin, tenant_a, client_for):
    item = TrackItem.all_municipalities.filter(team=team).first()
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/items/{item.pk}/"
    assert client_for(hq_admin).post(path, {"done": "on"}).status_code == 302


@pytest.mark.django_db
def test_checklist_labels_follow_the_readers_language(tenant_a, client_for, scope_of):
    """A team created by a Hebrew user stores the English source; each reader sees their language."""
    from django.utils import translation

    with scope_of(tenant_a.municipality), translation.override("he"):
        team = services.team_create(initiative=tenant_a.initiative, name="צוות", domain="education",
                                    by=tenant_a.user(Role.LOCAL_DIRECTOR))
    item = TrackItem.all_municipalities.get(team=team, key="status_picture")
    assert item.label == "The domain's status picture presented"
    with scope_of(tenant_a.municipality):
        custom = TrackItem.all_municipalities.create(municipality=tenant_a.municipality, team=team, session=4,
                                                     key="custom_map", label="מפת שותפים")
    client = client_for(tenant_a.user(Role.VIEWER))
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/"
    hebrew = client.get(path).content.decode()
    with translation.override("he"):
        assert str(translation.gettext("The domain's status picture presented")) in hebrew
    assert "The domain&#x27;s status picture presented" not in hebrew and "מפת שותפים" in hebrew
    client.cookies["yishuv_language"] = "en"
    english = client.get(path).content.decode()
    assert "The domain&#x27;s status picture presented" in english and "מפת שותפים" in english
    assert custom.display_label == "מפת שותפים"


@pytest.mark.django_db
def test_the_domain_lead_comes_from_the_authority_sector(team, tenant_a, scope_of, client_for):
    from django.core.exceptions import ValidationError

    resident = factories.PersonFactory(municipality=tenant_a.municipality, full_name="תושבת", sector="residents")
    factories.PersonFactory(municipality=tenant_a.municipality, full_name="פקידה", sector="authority")
    ceo = tenant_a.user(Role.MUNICIPAL_CEO)
    with scope_of(tenant_a.municipality), pytest.raises(ValidationError):
        services.team_appoint_lead(team=team, person=resident, by=ceo)
    client = client_for(ceo)
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/appoint-lead/"
    page = client.get(path).content.decode()
    assert "פקידה" in page and "תושבת" not in page
    assert client.post(path, {"person": resident.pk}).status_code == 400
    team.refresh_from_db()
    assert team.domain_lead is None


@pytest.mark.django_db
def test_the_appointment_says_it_replaces_the_chair(team, tenant_a, scope_of, client_for):
    from steering.models import Body

    chair = factories.PersonFactory(municipality=tenant_a.municipality, full_name="יושבת ראש קודמת")
    with scope_of(tenant_a.municipality):
        Body.all_municipalities.filter(pk=team.body_id).update(chair=chair)
    lead = factories.PersonFactory(municipality=tenant_a.municipality, full_name="מובילה חדשה")
    client = client_for(tenant_a.user(Role.MUNICIPAL_CEO))
    path = f"/m/{tenant_a.municipality.slug}/teams/{team.pk}/"
    assert "יושבת ראש קודמת" in client.get(path + "appoint-lead/").content.decode()
    response = client.post(path + "appoint-lead/", {"person": lead.pk}, follow=True)
    page = response.content.decode()
    assert "מובילה חדשה" in page and "יושבת ראש קודמת" in page  # the message names who was replaced
    assert Body.all_municipalities.get(pk=team.body_id).chair == lead


@pytest.mark.django_db
def test_a_new_team_takes_what_was_typed_on_the_body_form(tenant_a, client_for):
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    response = client.get(f"/m/{tenant_a.municipality.slug}/teams/new/",
                          {"name": "צוות תעסוקה", "purpose": "להגדיל תעסוקה", "domain": "employment"})
    page = response.content.decode()
    assert 'value="צוות תעסוקה"' in page and "להגדיל תעסוקה" in page
    response = client.post(f"/m/{tenant_a.municipality.slug}/teams/new/",
                           {"name": "צוות תעסוקה", "purpose": "להגדיל תעסוקה", "domain": "employment"})
    assert response.status_code == 302
    team = ProfessionalTeam.all_municipalities.get(body__name="צוות תעסוקה")
    assert team.body.purpose == "להגדיל תעסוקה"


@pytest.mark.django_db
def test_a_team_bodys_page_links_to_the_team_by_url_only(team, tenant_a, client_for):
    """Steering (stage 4) does not read teams' records: its body page links to teams:of_body, which
    answers with the team's page; a body without a team is a 404."""
    slug = tenant_a.municipality.slug
    viewer = client_for(tenant_a.user(Role.VIEWER))
    page = viewer.get(f"/m/{slug}/steering/bodies/{team.body_id}/").content.decode()
    assert f'href="/m/{slug}/teams/of-body/{team.body_id}/"' in page
    response = viewer.get(f"/m/{slug}/teams/of-body/{team.body_id}/")
    assert response.status_code == 302 and response["Location"] == f"/m/{slug}/teams/{team.pk}/"
    from steering.models import Body

    other = Body.all_municipalities.exclude(pk=team.body_id).filter(municipality=tenant_a.municipality).first()
    if other is None:
        from tests.steering.factories import BodyFactory

        other = BodyFactory(initiative=tenant_a.initiative, municipality=tenant_a.municipality)
    assert viewer.get(f"/m/{slug}/teams/of-body/{other.pk}/").status_code == 404
    assert "of-body" not in viewer.get(f"/m/{slug}/steering/bodies/{other.pk}/").content.decode()
