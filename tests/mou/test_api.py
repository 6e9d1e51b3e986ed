"""REST: agreements, versions, signatures and the budget appendix."""
import pytest

from core import tenancy
from core.roles import Role
from mou import selectors, services
from mou.models import AgreementStatus, Signature

pytestmark = pytest.mark.django_db
API = "/api/v1/mou"


def _current(agreement):
    with tenancy.scope(agreement.municipality_id):
        return selectors.current_version(agreement=agreement)


def _slot(agreement, user):
    with tenancy.scope(agreement.municipality_id):
        return next(s.pk for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == user.pk)


def test_budget_lines_through_the_api_make_versions(tenant_a, client_for, director, agreement):
    c = client_for(director)
    slug = tenant_a.municipality.slug
    response = c.post(f"{API}/budget-lines/", {"municipality": slug, "agreement": agreement.pk, "year": 2027,
                                                "source_sector": "government", "funder": "משרד החינוך",
                                                "purpose": "הכשרת צוותים", "amount": "125000.00"},
                      content_type="application/json")
    assert response.status_code == 201, response.content
    line = response.json()
    assert line["amount"] == "125000.00"
    assert _current(agreement).budget[0]["funder"] == "משרד החינוך"
    stale = c.patch(f"{API}/budget-lines/{line['id']}/", {"amount": "1.00", "updated_at": "2020-01-01T00:00:00Z"},
                    content_type="application/json")
    assert stale.status_code == 400 and "updated_at" in stale.json()["errors"]
    ok = c.patch(f"{API}/budget-lines/{line['id']}/", {"amount": "130000.00", "updated_at": line["updated_at"]},
                 content_type="application/json")
    assert ok.status_code == 200, ok.content
    versions = c.get(f"{API}/versions/?agreement={agreement.pk}").json()
    results = versions["results"] if isinstance(versions, dict) else versions
    assert len(results) == 3
    viewer = client_for(tenant_a.user(Role.VIEWER))
    assert viewer.delete(f"{API}/budget-lines/{line['id']}/").status_code == 403


def test_signing_through_the_api(tenant_a, client_for, director, ceo, head, agreement):
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
    version = _current(agreement)
    body = {"signatory": _slot(agreement, ceo), "version": version.pk, "content_hash": version.content_hash}
    forged = client_for(director).post(f"{API}/signatures/", body, content_type="application/json")
    assert forged.status_code == 403
    stale = client_for(ceo).post(f"{API}/signatures/", {**body, "content_hash": "0" * 64},
                                 content_type="application/json")
    assert stale.status_code == 400
    ok = client_for(ceo).post(f"{API}/signatures/", body, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["signed_by"] == ceo.username
    assert Signature.all_municipalities.get().signed_by == ceo
    again = client_for(ceo).post(f"{API}/signatures/", body, content_type="application/json")
    assert again.status_code == 400
    agreements = client_for(ceo).get(f"{API}/agreements/").json()
    rows = agreements["results"] if isinstance(agreements, dict) else agreements
    assert rows[0]["status"] == AgreementStatus.SIGNING and rows[0]["current_version"] == version.pk


def test_lists_are_bounded_in_queries(tenant_a, client_for, director, agreement, django_assert_max_num_queries):
    c = client_for(director)
    for name in ("agreements", "versions", "signatories", "signatures", "budget-lines", "steps",
                 "director-profiles"):
        with django_assert_max_num_queries(12):
            assert c.get(f"{API}/{name}/").status_code == 200
