"""Who may see a person's contact details (e-mail, phone) in the people directory, the API and
exports. One rule, used by all three (`contact_visibility`):

- the roles that work with people: the local director, the municipal CEO, the head of authority and
  foundation HQ see everyone's;
- every other member (domain lead, committee member, viewer) sees their own, and those of the people
  who sit with them in a body (stages register who that is: `register_peers`), nobody else's.
"""
from __future__ import annotations

from typing import Callable, Iterable

import rules

from core import access
from core.roles import Role

CONTACT_ROLES = frozenset({Role.LOCAL_DIRECTOR, Role.MUNICIPAL_CEO, Role.HEAD_OF_AUTHORITY})

# (user, municipality) -> ids of the people who share a body with the user (steering registers one)
_peer_providers: list[Callable[..., Iterable[int]]] = []


def register_peers(provider: Callable[..., Iterable[int]]) -> Callable:
    if provider not in _peer_providers:
        _peer_providers.append(provider)
    return provider


def sees_all_contacts(user, municipality) -> bool:
    return access.is_hq(user) or access.role_in(user, municipality) in CONTACT_ROLES


class ContactVisibility:
    """Answers `shows(person)` for one user and municipality; the peers are read once (one query
    per provider), however many people are shown."""

    def __init__(self, user, municipality):
        self.user = user
        self.municipality = municipality
        self.all = sees_all_contacts(user, municipality)
        self._peers: set[int] | None = None

    @property
    def peers(self) -> set[int]:
        if self._peers is None:
            ids: set[int] = set()
            if not self.all and access.role_in(self.user, self.municipality) is not None:
                for provider in _peer_providers:
                    ids.update(provider(user=self.user, municipality=self.municipality))
            self._peers = ids
        return self._peers

    def shows(self, person) -> bool:
        if self.all:
            return True
        if person.user_id is not None and person.user_id == getattr(self.user, "pk", None):
            return True
        return person.pk in self.peers


def contact_visibility(user, municipality) -> ContactVisibility:
    """The one contact-details rule (pages, API, exports)."""
    return ContactVisibility(user, municipality)


@rules.predicate
def can_see_contact(user, person):
    return contact_visibility(user, person.municipality_id).shows(person)


rules.add_perm("municipalities.see_contact", can_see_contact)
