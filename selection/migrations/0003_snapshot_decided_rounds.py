"""Rounds decided before the snapshot existed: keep their comparison inputs as they are now (the best
record left), so later registry refreshes no longer move them. Rounds decided from now on are
snapshotted by `services.round_decide`."""
from collections import defaultdict
from statistics import mean

from django.db import migrations


def snapshot_decided_rounds(apps, schema_editor):
    from selection import scoring

    SelectionRound = apps.get_model("selection", "SelectionRound")
    Candidate = apps.get_model("selection", "Candidate")
    ReadinessScore = apps.get_model("selection", "ReadinessScore")
    for round in SelectionRound.objects.filter(status="decided"):
        if (round.comparison_snapshot or {}).get("inputs"):
            continue
        candidates = list(Candidate.objects.filter(round=round, status="focus").select_related("municipality"))
        scores = defaultdict(lambda: defaultdict(list))
        for cid, criterion, value in ReadinessScore.objects.filter(candidate__in=candidates) \
                .values_list("candidate_id", "criterion", "score"):
            scores[cid][criterion].append(value)
        inputs = {}
        for c in candidates:
            means = {k: mean(v) for k, v in scores[c.pk].items()}
            values = scoring.normalized_inputs(municipality=c.municipality, candidate=c, readiness_means=means,
                                               call_sent=round.call_sent_on is not None)
            inputs[str(c.pk)] = {str(k): (None if v is None else str(v)) for k, v in values.items()}
        SelectionRound.objects.filter(pk=round.pk).update(comparison_snapshot={"inputs": inputs})


class Migration(migrations.Migration):

    dependencies = [
        ("selection", "0002_comparison_snapshot"),
    ]

    operations = [
        migrations.RunPython(snapshot_decided_rounds, migrations.RunPython.noop),
    ]
