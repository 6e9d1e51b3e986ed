"""The municipal CEO's "awaiting my approval" area.

Stages register a provider: a function `(user, municipality) -> list[ApprovalItem]` listing what
waits for that user's decision (MOUs and amendments to sign, local goals, plans, budgets). The area
shows what the providers return; with none registered, or nothing waiting, it says so.
"""
from dataclasses import dataclass
from datetime import date
from typing import Callable

_providers: list[Callable] = []


@dataclass
class ApprovalItem:
    kind: str          # translated label: "MOU", "Amendment", "Local goal", ...
    title: str
    url: str
    since: date | None = None


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def awaiting(user, municipality) -> list[ApprovalItem]:
    items: list[ApprovalItem] = []
    for provider in _providers:
        items.extend(provider(user, municipality))
    return sorted(items, key=lambda i: (i.since or date.max))
