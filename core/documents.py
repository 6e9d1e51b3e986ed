"""Versioned documents with approval: one mechanism for the MOU, the collective plan, local-goal adoption
and compass finalization (docs/architecture.md, "Versioned documents").

- A **version** (`DocumentVersion`) is an immutable snapshot of a document: its number, its content
  (structured JSON, in one or more fields named by `CONTENT_FIELDS`), the content's fingerprint
  (`content_hash`, SHA-256 of the canonical JSON), a change note, its author and time. Once saved its
  content never changes (`save()` refuses); a change is a new version (`version_create`).
- A version is **frozen** (`frozen_at`) when the document's decisive approval happened on it (the MOU
  fully signed, the plan approved, the goal adopted, the compass finalized). A frozen version is
  immutable for good; a change to the document after it is an **amendment**: a new version that goes
  through the same approvals (`version_amend` checks the latest version is frozen).
- An **approval** (`Approval`) is a decision (approve or return, with a note) of one person in one role
  (`kind`) on one version, bound to the fingerprint the approver read. `approval_record` refuses a
  stale approval (the document changed since it was opened) and a forged one (a fingerprint that is not
  the version's). Approvals are written once: an act of a role is never edited or restored.
- `compare` puts two versions side by side, field by field, word by word.

The models are abstract: each document owns its concrete tables (they are tenant data of one app, with
their own relations and history), so `core` imports no stage app. The concrete version model declares the
link to its document, the concrete approval model declares `version = ForeignKey(<its version model>)`.
"""
import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import tenancy
from core.services import model_save

HASH_LENGTH = 64


def fingerprint(content: dict) -> str:
    """The SHA-256 of a document's content as canonical JSON (sorted keys, UTF-8, non-JSON values as
    text: a Decimal amount and its string give the same fingerprint)."""
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()



def _check_scope(instance) -> None:
    """A document row of a municipality outside the active scope is refused for that reason first,
    before any rule of the document itself is consulted."""
    model = type(instance)
    if not tenancy.is_tenant_model(model):
        return
    tenancy.check_writable(model, getattr(instance, "municipality_id", None))

class DocumentError(ValidationError):
    """A write the versioned-document rules refuse (frozen, stale, forged). A ValidationError, so pages
    show it as a message and the API answers 400."""


class DocumentVersion(models.Model):
    """An immutable version of a document. Subclass it together with `TenantModel`, add the FK to the
    document, a unique constraint on (municipality, document, number), and name the content fields."""

    CONTENT_FIELDS: tuple[str, ...] = ("content",)
    audit_restorable = False  # a version is never brought back from the change log: amend instead

    number = models.PositiveIntegerField(gettext_lazy("version"))
    content = models.JSONField(gettext_lazy("content"), default=dict, blank=True)
    content_hash = models.CharField(gettext_lazy("content fingerprint"), max_length=HASH_LENGTH, editable=False)
    change_note = models.CharField(gettext_lazy("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=gettext_lazy("saved by"))
    created_at = models.DateTimeField(gettext_lazy("saved"), default=timezone.now)
    frozen_at = models.DateTimeField(gettext_lazy("frozen"), null=True, blank=True,
                                     help_text=gettext_lazy("When the decisive approval made this version final."))

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.audit_restorable = False  # whatever base comes first in the MRO (TenantModel says True)

    def content_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    @classmethod
    def fingerprint_of(cls, **content) -> str:
        missing = set(cls.CONTENT_FIELDS) - set(content)
        if missing:
            raise TypeError(f"content fields missing: {', '.join(sorted(missing))}")
        return fingerprint({name: content[name] for name in cls.CONTENT_FIELDS})

    def seal(self) -> str:
        """Set `content_hash` from the content (done by `version_create`)."""
        self.content_hash = fingerprint(self.content_dict())
        return self.content_hash

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def clean(self):
        super().clean()
        if self.content_hash != fingerprint(self.content_dict()):
            raise ValidationError({"content_hash": _("The fingerprint does not match the content of this "
                                                      "version.")}, code="fingerprint")

    def save(self, *args, **kwargs):
        _check_scope(self)
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None:
                if stored.content_hash != self.content_hash or fingerprint(stored.content_dict()) != \
                        fingerprint(self.content_dict()):
                    raise DocumentError(_("A saved version never changes: save the change as a new version."),
                                        code="immutable")
                if stored.frozen_at is not None and stored.frozen_at != self.frozen_at:
                    raise DocumentError(_("This version is final and cannot change: open an amendment."),
                                        code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _check_scope(self)
        if self.frozen_at is not None:
            raise DocumentError(_("This version is final and cannot be deleted."), code="frozen")
        return super().delete(*args, **kwargs)


class Decision(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("document decision", "Approved")
    RETURN = "return", pgettext_lazy("document decision", "Returned for changes")


class Approval(models.Model):
    """One person's decision in one role on one version, bound to the fingerprint they read. Subclass it
    with `TenantModel` and declare `version = models.ForeignKey(<version model>, on_delete=PROTECT, ...)`."""

    audit_restorable = False  # acts of a role are never undone from the change log

    kind = models.CharField(gettext_lazy("role"), max_length=40, blank=True,
                            help_text=gettext_lazy("In which role or capacity the decision was made."))
    decision = models.CharField(gettext_lazy("decision"), max_length=10, choices=Decision.choices,
                                default=Decision.APPROVE)
    note = models.TextField(gettext_lazy("note"), max_length=2000, blank=True)
    content_hash = models.CharField(gettext_lazy("fingerprint of the text decided on"), max_length=HASH_LENGTH)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=gettext_lazy("decided by"))
    decided_at = models.DateTimeField(gettext_lazy("decided at"), default=timezone.now)

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.audit_restorable = False

    def clean(self):
        super().clean()
        version = self.version if getattr(self, "version_id", None) else None
        if version is not None and self.content_hash != version.content_hash:
            raise ValidationError({"content_hash": _("This decision is not bound to the text of the version.")},
                                  code="forged")
        if self.decision == Decision.RETURN and not (self.note or "").strip():
            raise ValidationError({"note": _("Say what should change when returning the document.")},
                                  code="note_required")

    def save(self, *args, **kwargs):
        _check_scope(self)
        stored = type(self)._base_manager.filter(pk=self.pk).first() if self.pk is not None else None
        # (a move to another municipality is the tenant scope's to refuse, in TenantModel.save)
        if stored is not None and any(f.value_from_object(stored) != f.value_from_object(self)
                                      for f in self._meta.concrete_fields if f.attname != "municipality_id"):
            raise DocumentError(_("A recorded decision never changes."), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _check_scope(self)
        raise DocumentError(_("A recorded decision stays on record."), code="immutable")


# --- Writes ------------------------------------------------------------------------------------------

def latest_version(versions):
    """The highest-numbered version of a queryset of one document's versions (None if there is none)."""
    return versions.order_by("-number").first()


def is_unchanged(latest, **content) -> bool:
    """Whether `content` is exactly the latest version's (then no new version is saved)."""
    return latest is not None and type(latest).fingerprint_of(**content) == latest.content_hash


def version_create(*, model, latest, by, change_note: str = "", reason=None, amendment: bool = False, **fields):
    """Save the next version of a document. `fields` hold the document link(s), `municipality` and every
    content field; the number follows `latest`, the fingerprint is computed here. Refused after a frozen
    version unless it opens an amendment (`version_amend`)."""
    if latest is not None and latest.is_frozen and not amendment:
        raise DocumentError(_("This document is final. To change it, open an amendment: it goes through the same "
                              "approvals."), code="frozen")
    version = model(number=(latest.number + 1) if latest else 1, change_note=(change_note or "")[:300],
                    created_by=by, **fields)
    version.seal()
    return model_save(version, by=by, reason=reason)


def version_amend(*, model, latest, by, change_note: str = "", reason=None, **fields):
    """Open an amendment: a new version after the frozen one, to be approved again."""
    if latest is None or not latest.is_frozen:
        raise DocumentError(_("An amendment can only be made to a final document."), code="not_frozen")
    return version_create(model=model, latest=latest, by=by, change_note=change_note, reason=reason,
                          amendment=True, **fields)


def version_freeze(version, *, by, reason=None, at=None):
    """Mark `version` final (its decisive approval happened)."""
    if version.is_frozen:
        return version
    version.frozen_at = at or timezone.now()
    return model_save(version, by=by, reason=reason)


def check_current(*, current, version_id, content_hash, message=None):
    """Refuse a decision on anything but the current version as read: the version id and fingerprint the
    decider saw must be the current version's."""
    if current is None or str(current.pk) != str(version_id) or current.content_hash != (content_hash or ""):
        raise DocumentError(message or _("The document changed after you opened it. Nothing was recorded: read "
                                         "the current version, then decide again."), code="stale")
    return current


_BY = object()


def approval_record(*, model, version, current, content_hash, by, decision=Decision.APPROVE, note: str = "",
                    kind: str = "", stale_message=None, reason=None, decided_by=_BY, **fields):
    """Record a decision on `version`, refused unless it is `current` and `content_hash` is its
    fingerprint (stale or forged). The decider is `by` unless `decided_by` says otherwise (a decision made
    on paper and recorded by `by`, where the model allows it). `fields` carry the model's own columns
    (municipality, signatory...)."""
    check_current(current=current, version_id=getattr(version, "pk", None), content_hash=content_hash,
                  message=stale_message)
    if version.is_frozen and decision == Decision.RETURN:
        raise DocumentError(_("This version is final: it can no longer be returned."), code="frozen")
    approval = model(version=version, content_hash=content_hash, decided_by=by if decided_by is _BY else decided_by,
                     decision=decision,
                     note=(note or "").strip(), kind=kind, **fields)
    return model_save(approval, by=by, reason=reason)


# --- Side-by-side comparison -------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _render(tokens, tag):
    text = escape("".join(tokens)).replace("\n", "<br>")
    return f"<{tag}>{text}</{tag}>" if tag and text.strip() else text


def diff_text(old: str, new: str) -> tuple[str, str, bool]:
    """(left HTML, right HTML, changed): deletions marked <del> on the left, insertions <ins> on the
    right, word by word; unchanged text plain on both; everything escaped."""
    a, b = _tokens(old), _tokens(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_render(a[i1:i2], None))
            right.append(_render(b[j1:j2], None))
        else:
            if i2 > i1:
                left.append(_render(a[i1:i2], "del"))
            if j2 > j1:
                right.append(_render(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right)), (old or "") != (new or "")


def compare(old, new, parts: Iterable[tuple[str, str, Callable]]) -> list[dict]:
    """One row per part of the document: `parts` are (key, label, text_of(version) -> str). Each row has
    both sides as HTML and whether the part changed."""
    rows = []
    for key, label, text_of in parts:
        left, right, changed = diff_text(text_of(old), text_of(new))
        rows.append({"key": key, "label": label, "left": left, "right": right, "changed": changed})
    return rows
