"""Side-by-side comparison of two MOU versions, word by word (difflib), section by section."""
import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.reference import Sector
from mou.sections import SECTIONS

_TOKEN = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _render(tokens, css):
    text = escape("".join(tokens)).replace("\n", "<br>")
    return f'<{css}>{text}</{css}>' if css and text.strip() else text


def diff_text(old: str, new: str) -> tuple[str, str, bool]:
    """(left HTML, right HTML, changed): deletions marked <del> on the left, insertions <ins> on the
    right; unchanged text plain on both."""
    a, b = _tokens(old), _tokens(new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(_render(a[i1:i2], None))
            right.append(_render(b[j1:j2], None))
        else:
            if i2 > i1:
                left.append(_render(a[i1:i2], "del"))
            if j2 > j1:
                right.append(_render(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right)), (old or "") != (new or "")


def _budget_text(lines) -> str:
    labels = dict(Sector.choices)
    return "\n".join(f"{line['year']} · {labels.get(line['source_sector'], line['source_sector'])} · "
                     f"{line['funder']} · {line['purpose']} · ₪{line['amount']}" for line in lines)


def compare_versions(old, new) -> list[dict]:
    """One row per section (and the title and the budget appendix) with both sides and a flag."""
    rows = []
    left, right, changed = diff_text(old.title, new.title)
    rows.append({"key": "title", "label": _("Title"), "left": left, "right": right, "changed": changed})
    for key, label in SECTIONS:
        left, right, changed = diff_text(old.sections.get(key, ""), new.sections.get(key, ""))
        rows.append({"key": key, "label": label, "left": left, "right": right, "changed": changed})
    left, right, changed = diff_text(_budget_text(old.budget), _budget_text(new.budget))
    rows.append({"key": "budget", "label": _("Budget appendix"), "left": left, "right": right,
                 "changed": changed})
    return rows
