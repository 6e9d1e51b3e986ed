"""The guide's four-session track of a professional team (ROADMAP.md, stage 7), as data: each
session's subject and the outputs it is expected to produce. A new team gets one checklist item per
expected output; items can then be ticked and linked to the document or record that holds them."""
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TrackOutput:
    key: str
    label: str


@dataclass(frozen=True)
class TrackSession:
    number: int
    subject: str
    outputs: tuple


TRACK = (
    TrackSession(1, _("Acquaintance, expected outcomes and the domain's status picture"), (
        TrackOutput("acquaintance", _("Team members know each other and the initiative")),
        TrackOutput("expected_outcomes", _("Expected outcomes of the team agreed")),
        TrackOutput("status_picture", _("The domain's status picture presented")),
    )),
    TrackSession(2, _("The city's graduate figure and goals for the root problems"), (
        TrackOutput("graduate_figure", _("The city's graduate figure")),
        TrackOutput("root_problems", _("Root problems defined from data")),
        TrackOutput("goals", _("Recommended goals that answer the root problems")),
    )),
    TrackSession(3, _("Long-term outcomes and writing the collective plan"), (
        TrackOutput("long_term_outcomes", _("Recommended long-term outcomes")),
        TrackOutput("collective_actions", _("Recommended collective actions")),
        TrackOutput("plan_draft", _("Draft of the collective work plan")),
    )),
    TrackSession(4, _("Approving the plan, control points and measurement"), (
        TrackOutput("plan_approved", _("The collective plan approved")),
        TrackOutput("control_points", _("Control points set")),
        TrackOutput("measurement", _("Measurement and evaluation plan")),
        TrackOutput("responsibilities", _("Partners' responsibilities and tasks")),
    )),
)

SESSION_SUBJECTS = {s.number: s.subject for s in TRACK}
# key -> translatable label: items are shown in the reader's language, whoever created the team
OUTPUT_LABELS = {o.key: o.label for s in TRACK for o in s.outputs}


def source_label(label) -> str:
    """The English source text of a translatable label (what is stored on the item)."""
    with translation.override(None):
        return str(label)
