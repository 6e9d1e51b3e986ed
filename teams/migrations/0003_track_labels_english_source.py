"""Checklist items of the four-session track were stored with their label in the creating user's
language. Items are now shown translated by their key; store the English source text for the
guide's items (custom items keep their label)."""
from django.db import migrations

SOURCE_LABELS = {
    "acquaintance": "Team members know each other and the initiative",
    "expected_outcomes": "Expected outcomes of the team agreed",
    "status_picture": "The domain's status picture presented",
    "graduate_figure": "The city's graduate figure",
    "root_problems": "Root problems defined from data",
    "goals": "Recommended goals that answer the root problems",
    "long_term_outcomes": "Recommended long-term outcomes",
    "collective_actions": "Recommended collective actions",
    "plan_draft": "Draft of the collective work plan",
    "plan_approved": "The collective plan approved",
    "control_points": "Control points set",
    "measurement": "Measurement and evaluation plan",
    "responsibilities": "Partners' responsibilities and tasks",
}


def to_source(apps, schema_editor):
    TrackItem = apps.get_model("teams", "TrackItem")
    for key, label in SOURCE_LABELS.items():
        TrackItem._base_manager.filter(key=key).exclude(label=label).update(label=label)


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0002_professionalteam_teams_one_team_per_local_goal"),
    ]

    operations = [
        migrations.RunPython(to_source, migrations.RunPython.noop),
    ]
