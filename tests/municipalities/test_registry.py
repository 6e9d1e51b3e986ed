from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core import tenancy
from municipalities.models import Initiative, Membership, Municipality, MunicipalityKind

REGISTRY = Path(__file__).resolve().parents[2] / "data" / "israel_local_authorities.csv"



@pytest.mark.django_db
def test_imports_all_255_authorities_with_text_codes():
    call_command("import_authorities", str(REGISTRY))
    assert Municipality.objects.count() == 255
    ofakim = Municipality.objects.get(cbs_code="0031")
    assert ofakim.slug == "ofakim" and ofakim.name_he == "אופקים" and ofakim.socioeconomic_cluster == 3
    assert Municipality.objects.get(cbs_code="31").kind == MunicipalityKind.REGIONAL_COUNCIL  # Nahal Sorek
    yarka = Municipality.objects.get(slug="yarka")
    assert yarka.sector == "druze" and yarka.peripherality_cluster == 3 and yarka.name_ar
    assert Municipality.objects.filter(kind="city").count() == 79
    assert sum(m.population for m in Municipality.objects.all()) == 9383768


@pytest.mark.django_db
def test_import_is_idempotent(capsys):
    call_command("import_authorities", str(REGISTRY))
    call_command("import_authorities", str(REGISTRY))
    assert "0 created, 0 updated, 255 unchanged" in capsys.readouterr().out
    assert Municipality.objects.count() == 255


@pytest.mark.django_db
def test_a_bad_row_saves_nothing_and_names_row_and_column(tmp_path):
    lines = REGISTRY.read_text(encoding="utf-8").splitlines()
    broken = lines[3].split(",")
    broken[6] = "11"            # socioeconomic_cluster out of range
    lines[3] = ",".join(broken)
    bad_code = lines[5].split(",")
    bad_code[0] = "12a"
    lines[5] = ",".join(bad_code)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_authorities", str(path), stderr=open("/dev/null", "w"))
    assert "2 error(s)" in str(error.value)
    assert Municipality.objects.count() == 0
    from municipalities.registry import parse_authorities

    with open(path, encoding="utf-8") as handle:
        errors = parse_authorities(handle).errors
    assert [(e.row, e.column) for e in errors] == [(4, "socioeconomic_cluster"), (6, "cbs_code")]


@pytest.mark.django_db
def test_a_missing_column_is_reported(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("cbs_code,name_he\n0031,אופקים\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_authorities", str(path), stderr=open("/dev/null", "w"))


@pytest.mark.django_db
def test_seed_demo_builds_the_network_and_is_idempotent(settings):
    call_command("import_authorities", str(REGISTRY))
    call_command("seed_demo", password="demo-pass-1")
    call_command("seed_demo", password="demo-pass-1")
    with tenancy.scope_all():
        assert Initiative.objects.filter(status="active").count() == 10
        sderot = Municipality.objects.get(slug="sderot")
        roles = set(Membership.objects.filter(municipality=sderot).values_list("role", flat=True))
    assert roles == {"local_director", "municipal_ceo", "head_of_authority", "domain_lead", "committee_member",
                     "viewer"}
    cluster = Municipality.objects.get(slug="beit-hakerem")
    assert cluster.kind == "cluster" and cluster.cluster_members.count() == 8
    from accounts.models import User

    assert User.objects.get(username="director-sderot").check_password("demo-pass-1")
    assert User.objects.get(username="hq").platform_role == "hq_staff"
    # each stage seeds its own demo (steering, design forum, teams), in stage order, through its services
    from core.stages import Stage
    from design_forum.models import LocalGoal
    from steering.models import Body, Meeting
    from teams.models import ProfessionalTeam

    with tenancy.scope_all():
        at_teams = set(Initiative.objects.filter(status="active", stage__gte=Stage.TEAMS)
                       .values_list("municipality_id", flat=True))
        assert at_teams and set(LocalGoal.objects.filter(status="adopted").values_list(
            "municipality_id", flat=True)) == at_teams
        teams = list(ProfessionalTeam.objects.select_related("local_goal", "domain_lead", "body"))
        assert {t.municipality_id for t in teams} == at_teams and len(teams) == len(at_teams)
        for team in teams:
            assert team.local_goal.adopted_by.username.startswith("ceo-")
            assert team.domain_lead and team.body.chair_id == team.domain_lead_id
            assert Meeting.objects.filter(body=team.body).exists()
        assert Body.objects.filter(kind="steering_committee").count() >= len(at_teams)
    # the demo holds no meeting on Shabbat, a Friday, a holiday (Chol HaMoed included) or a holiday's eve
    from django.utils import timezone

    from core import workdays
    from steering.models import Meeting

    days = [timezone.localdate(s) for s in Meeting.all_municipalities.values_list("starts_at", flat=True)]
    assert days and [d for d in days if workdays.day_conflict(d)] == []


@pytest.mark.django_db
def test_seed_demo_refuses_without_a_password(settings):
    settings.DEMO_PASSWORD = ""
    with pytest.raises(CommandError):
        call_command("seed_demo")
