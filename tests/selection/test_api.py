import pytest

from core.roles import Role
from selection import services
from selection.models import CandidateStatus
from tests import factories


@pytest.fixture
def api_round(db, hq_staff):
    round = services.round_create(name="API round", by=hq_staff)
    towns = [factories.MunicipalityFactory(socioeconomic_cluster=c) for c in (2, 6)]
    candidates = []
    for town in towns:
        c = services.candidate_add(round=round, municipality=town, reason="test", by=hq_staff)
        candidates.append(services.candidate_set_status(candidate=c, status=CandidateStatus.FOCUS, by=hq_staff))
    return round, candidates


def test_rounds_candidates_scores_and_comparison(api_round, client_for, hq_staff):
    round, (poor, rich) = api_round
    api = client_for(hq_staff)
    body = api.get("/api/v1/selection/rounds/").json()
    assert body["results"][0]["name"] == "API round" and len(body["results"][0]["criteria"]) == 11

    response = api.patch(f"/api/v1/selection/candidates/{poor.pk}/", {"recommendation_strength": 5},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["recommendation_strength"] == 5
    response = api.post("/api/v1/selection/readiness-scores/", {"candidate": rich.pk, "criterion": "stability",
                                                                "score": 4, "evidence": "interviews"},
                        content_type="application/json")
    assert response.status_code == 201 and response.json()["assessor"]

    comparison = api.get(f"/api/v1/selection/rounds/{round.pk}/comparison/").json()
    ranks = {r["candidate"]: r for r in comparison["ranking"]}
    assert ranks[poor.pk]["rank"] == 1 and ranks[rich.pk]["rank"] == 2
    assert ranks[rich.pk]["risk"] == "25.0"


def test_bad_scores_and_weights_get_clear_errors(api_round, client_for, hq_staff):
    round, (poor, _) = api_round
    api = client_for(hq_staff)
    response = api.post("/api/v1/selection/readiness-scores/", {"candidate": poor.pk, "criterion": "urgency",
                                                                "score": 9}, content_type="application/json")
    assert response.status_code == 400 and "score" in response.json()["errors"]
    criterion = round.criteria.get(input="urgency")
    response = api.patch(f"/api/v1/selection/rubric-criteria/{criterion.pk}/", {"weight": "-2"},
                         content_type="application/json")
    assert response.status_code == 400 and "weight" in response.json()["errors"]
    for c in round.criteria.filter(axis="risk"):
        api.patch(f"/api/v1/selection/rubric-criteria/{c.pk}/", {"weight": "0"}, content_type="application/json")
    last = round.criteria.filter(axis="risk", weight__gt=0)
    assert last.count() == 1  # the last positive risk weight cannot be removed
    response = api.patch(f"/api/v1/selection/rubric-criteria/{last.get().pk}/", {"weight": "0"},
                         content_type="application/json")
    assert response.status_code == 400


def test_decided_round_is_read_only_over_the_api(api_round, client_for, hq_staff):
    round, candidates = api_round
    for c in candidates:
        services.decision_record(candidate=c, outcome="deferred", reason="Next year", by=hq_staff)
    services.round_decide(round=round, by=hq_staff)
    response = client_for(hq_staff).patch(f"/api/v1/selection/rounds/{round.pk}/", {"name": "Changed"},
                                          content_type="application/json")
    assert response.status_code == 400
    round.refresh_from_db()
    assert round.name == "API round"


def test_local_users_get_404(api_round, client_for, tenant_a):
    round, (poor, _) = api_round
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    for url in ("/api/v1/selection/rounds/", f"/api/v1/selection/rounds/{round.pk}/comparison/",
                f"/api/v1/selection/candidates/{poor.pk}/", "/api/v1/selection/readiness-scores/"):
        assert client.get(url).status_code == 404
    assert client.post("/api/v1/selection/rounds/", {"name": "x"}, content_type="application/json").status_code == 404


def test_only_the_assessor_changes_their_score(api_round, client_for, hq_staff, hq_admin):
    _, (poor, _) = api_round
    services.readiness_record(candidate=poor, assessor=hq_staff, scores={"urgency": (3, "")}, by=hq_staff)
    score = poor.readiness_scores.get()
    response = client_for(hq_admin).patch(f"/api/v1/selection/readiness-scores/{score.pk}/", {"score": 5},
                                          content_type="application/json")
    assert response.status_code == 403
    score.refresh_from_db()
    assert score.score == 3
