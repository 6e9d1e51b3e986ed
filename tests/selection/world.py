"""Selection is HQ-only and platform-wide: B's candidacy in a round (with B's marker in its file)
must never reach a local user, who gets 404 on every selection route."""
from selection.models import Candidate, InterviewComment, SelectionRound


def build(*, tenant, marker):
    round = SelectionRound.objects.create(name=f"{marker} round", description=marker)
    candidate = Candidate.objects.create(round=round, municipality=tenant.municipality, status="focus",
                                         other_investments=marker, status_reason=marker)
    InterviewComment.objects.create(candidate=candidate, interviewee=f"{marker} interviewee",
                                    interview_date="2026-10-01", text=marker)
