"""Side-by-side comparison of two MOU versions, section by section, word by word (`core.documents`)."""
from django.utils.translation import gettext as _

from core import documents
from core.reference import Sector
from mou.sections import SECTIONS

diff_text = documents.diff_text


def _budget_text(lines) -> str:
    labels = dict(Sector.choices)
    return "\n".join(f"{line['year']} · {labels.get(line['source_sector'], line['source_sector'])} · "
                     f"{line['funder']} · {line['purpose']} · ₪{line['amount']}" for line in lines)


def compare_versions(old, new) -> list[dict]:
    """One row per section (and the title and the budget appendix) with both sides and a flag."""
    parts = [("title", _("Title"), lambda v: v.title)]
    parts += [(key, label, lambda v, key=key: v.sections.get(key, "")) for key, label in SECTIONS]
    parts.append(("budget", _("Budget appendix"), lambda v: _budget_text(v.budget)))
    return documents.compare(old, new, parts)
