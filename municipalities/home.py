"""The initiative home: what needs the signed-in user today, and where each roadmap stage stands.

Stages do not import each other, and this app imports none of them: each stage app registers
providers here from its `AppConfig.ready()` (as with `approvals.py`), and reads its own data through
its selectors.

- `register_stage(stage, provider)`: `provider(municipality, initiative) -> StageStatus`, the stage's
  state derived from its data. A stage with no provider has no screens yet: "not built yet". A stage
  is never shown as done without data behind it.
- `register_work(provider)`: `provider(user, municipality, initiative) -> list[WorkSection]`, what
  waits for this user (next meetings, overdue and own action items, ...), each provider in a fixed
  number of queries.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.stages import STAGES

NOT_BUILT, NOT_STARTED, IN_PROGRESS, DONE = "not_built", "not_started", "in_progress", "done"
STATE_LABELS = {
    NOT_BUILT: pgettext_lazy("roadmap stage", "not built yet"),
    NOT_STARTED: pgettext_lazy("roadmap stage", "not started"),
    IN_PROGRESS: pgettext_lazy("roadmap stage", "in progress"),
    DONE: pgettext_lazy("roadmap stage", "done"),
}


@dataclass
class StageStatus:
    state: str
    summary: str = ""


@dataclass
class WorkItem:
    title: str
    url: str = ""
    when: dt.date | dt.datetime | None = None
    note: str = ""
    flag: str = ""        # a short badge ("overdue"), shown with the danger style

    @property
    def timed(self) -> bool:
        return isinstance(self.when, dt.datetime)


@dataclass
class WorkSection:
    key: str
    title: str
    items: list[WorkItem] = field(default_factory=list)
    total: int | None = None       # how many there are in all (items may be the first few)
    more_url: str = ""
    more_label: str = ""
    empty: str = ""

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.items)


_stage_providers: dict[int, Callable] = {}
_work_providers: list[Callable] = []


def register_stage(stage: int, provider: Callable) -> Callable:
    _stage_providers[int(stage)] = provider
    return provider


def register_work(provider: Callable) -> Callable:
    if provider not in _work_providers:
        _work_providers.append(provider)
    return provider


def stage_rows(*, municipality, initiative) -> list[dict]:
    """Every stage of the roadmap with its state from data, and whether it is the initiative's
    current stage."""
    current = initiative.stage if initiative is not None else None
    rows = []
    for entry in STAGES:
        number = int(entry.stage)
        provider = _stage_providers.get(number)
        status = provider(municipality, initiative) if provider else StageStatus(NOT_BUILT)
        rows.append({"number": number, "label": entry.label, "entry": entry, "state": status.state,
                     "state_label": STATE_LABELS[status.state], "summary": status.summary,
                     "current": number == current})
    return rows


def next_step(rows, initiative) -> dict | None:
    """The initiative's next roadmap step: its current stage when that is not done, else the first
    later stage that is not done."""
    if initiative is None:
        return None
    for row in rows:
        if row["number"] >= initiative.stage and row["state"] != DONE:
            return row
    return None


def work_sections(*, user, municipality, initiative) -> list[WorkSection]:
    sections: list[WorkSection] = []
    for provider in _work_providers:
        sections.extend(provider(user, municipality, initiative))
    return sections


def exit_overdue(initiative, today: dt.date) -> bool:
    """The planned exit date has passed and the initiative is still active."""
    return bool(initiative is not None and initiative.status == "active" and initiative.planned_exit_date
                and initiative.planned_exit_date < today)


NOTHING_WAITING = _("Nothing waits for you here.")
