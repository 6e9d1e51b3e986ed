"""The versioned-documents mechanism (core/documents.py) on its first user's concrete tables (the MOU's
versions and signatures): fingerprints, immutable and frozen versions, amendments, approvals bound to
(version, fingerprint), stale and forged approvals refused, and the side-by-side diff."""
import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from core import documents, tenancy
from core.documents import Decision, DocumentError
from core.roles import Role
from mou.models import Agreement, AgreementVersion, Anchor, Signatory, Signature
from municipalities.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(tenant_a):
    """An agreement with no versions yet, a signatory slot for the CEO, inside tenant A's scope."""
    m = tenant_a.municipality
    author = tenant_a.user(Role.LOCAL_DIRECTOR)
    ceo = tenant_a.user(Role.MUNICIPAL_CEO)
    with tenancy.scope(m):
        agreement = Agreement.objects.create(municipality=m, initiative=tenant_a.initiative, title="t")
        person = Person.objects.get(municipality=m, user=ceo)
        slot = Signatory.objects.create(municipality=m, agreement=agreement, person=person, anchor=Anchor.CEO)
        yield {"m": m, "agreement": agreement, "author": author, "ceo": ceo, "slot": slot}


def _version(doc, latest=None, *, amendment=False, **content):
    content = {"title": "MOU", "sections": {"purpose": "a shared vision"}, "budget": [], **content}
    return documents.version_create(model=AgreementVersion, latest=latest, by=doc["author"], change_note="n",
                                    amendment=amendment, municipality=doc["m"], agreement=doc["agreement"],
                                    **content)


def _approve(doc, version, current, *, content_hash=None, decision=Decision.APPROVE, note=""):
    return documents.approval_record(
        model=Signature, version=version, current=current,
        content_hash=version.content_hash if content_hash is None else content_hash, by=doc["ceo"],
        decision=decision, note=note, kind=Anchor.CEO, municipality=doc["m"], signatory=doc["slot"],
        signer_name="CEO")


def test_fingerprint_is_canonical_and_covers_every_content_field():
    a = documents.fingerprint({"b": [1, {"y": "שלום", "x": Decimal("10.50")}], "a": "x"})
    b = documents.fingerprint({"a": "x", "b": [1, {"x": "10.50", "y": "שלום"}]})
    assert a == b and len(a) == 64
    assert documents.fingerprint({"a": "x "}) != documents.fingerprint({"a": "x"})
    base = {"title": "t", "sections": {"p": "1"}, "budget": []}
    assert AgreementVersion.fingerprint_of(**base) == documents.fingerprint(base)
    for field in base:  # every content field is part of the fingerprint
        assert AgreementVersion.fingerprint_of(**{**base, field: "changed"}) != documents.fingerprint(base)
    with pytest.raises(TypeError):
        AgreementVersion.fingerprint_of(title="t")


def test_versions_are_numbered_fingerprinted_and_attributed(doc):
    v1 = _version(doc)
    v2 = _version(doc, v1, sections={"purpose": "another vision"})
    assert (v1.number, v2.number) == (1, 2)
    assert v1.content_hash == documents.fingerprint(v1.content_dict()) != v2.content_hash
    assert v2.created_by == doc["author"] and v2.change_note == "n"
    assert AgreementVersion.history.filter(id=v2.pk).first().history_user == doc["author"]
    assert documents.latest_version(AgreementVersion.objects.filter(agreement=doc["agreement"])) == v2
    assert documents.is_unchanged(v2, title="MOU", sections={"purpose": "another vision"}, budget=[])
    assert not documents.is_unchanged(v2, title="MOU 2", sections={"purpose": "another vision"}, budget=[])
    assert not documents.is_unchanged(None, title="MOU", sections={}, budget=[])


def test_a_saved_version_never_changes(doc):
    version = _version(doc)
    version.sections = {"purpose": "quietly edited"}
    with pytest.raises(ValidationError) as exc:  # its fingerprint no longer matches
        version.full_clean()
    assert "content_hash" in exc.value.error_dict
    version.seal()  # even with a recomputed fingerprint the stored row stays as it was
    with pytest.raises(DocumentError) as exc:
        version.save()
    assert exc.value.code == "immutable"
    assert AgreementVersion.objects.get(pk=version.pk).sections == {"purpose": "a shared vision"}


def test_a_frozen_version_is_final_and_a_change_is_an_amendment(doc):
    v1 = _version(doc)
    with pytest.raises(DocumentError):  # no amendment of a document that is not final
        documents.version_amend(model=AgreementVersion, latest=v1, by=doc["author"], municipality=doc["m"],
                                agreement=doc["agreement"], title="x", sections={}, budget=[])
    documents.version_freeze(v1, by=doc["author"])
    frozen_at = AgreementVersion.objects.get(pk=v1.pk).frozen_at
    assert frozen_at is not None and v1.is_frozen
    assert documents.version_freeze(v1, by=doc["author"]).frozen_at == frozen_at  # idempotent
    v1.frozen_at = None
    with pytest.raises(DocumentError) as exc:
        v1.save()
    assert exc.value.code == "frozen"
    v1 = AgreementVersion.objects.get(pk=v1.pk)
    with pytest.raises(DocumentError):
        v1.delete()
    with pytest.raises(DocumentError) as exc:  # a plain new version after the final one is refused
        _version(doc, v1, sections={"purpose": "changed"})
    assert exc.value.code == "frozen"
    amendment = documents.version_amend(model=AgreementVersion, latest=v1, by=doc["author"],
                                        municipality=doc["m"], agreement=doc["agreement"], title="MOU",
                                        sections={"purpose": "amended"}, budget=[])
    assert amendment.number == 2 and not amendment.is_frozen
    assert AgreementVersion.objects.get(pk=v1.pk).sections == {"purpose": "a shared vision"}


def test_an_approval_is_bound_to_the_current_version_and_its_fingerprint(doc):
    v1 = _version(doc)
    v2 = _version(doc, v1, sections={"purpose": "changed after it was read"})
    with pytest.raises(DocumentError) as exc:  # stale: the approver read version 1
        _approve(doc, v1, v2)
    assert exc.value.code == "stale"
    with pytest.raises(DocumentError) as exc:  # forged: the right version, another fingerprint
        _approve(doc, v2, v2, content_hash=v1.content_hash)
    assert exc.value.code == "stale"
    assert not Signature.objects.exists()
    approval = _approve(doc, v2, v2)
    assert (approval.version, approval.content_hash, approval.decided_by) == (v2, v2.content_hash, doc["ceo"])
    assert approval.kind == Anchor.CEO and approval.decision == Decision.APPROVE
    assert approval.decided_at is not None
    # A row whose fingerprint is not its version's does not validate either.
    forged = Signature(municipality=doc["m"], version=v2, signatory=doc["slot"], decided_by=doc["ceo"],
                       signer_name="x", content_hash="0" * 64)
    with pytest.raises(ValidationError) as exc:
        forged.full_clean(exclude=["signatory"])
    assert "content_hash" in exc.value.error_dict


def test_a_recorded_decision_never_changes(doc):
    version = _version(doc)
    approval = _approve(doc, version, version)
    approval.note = "edited afterwards"
    with pytest.raises(DocumentError):
        approval.save()
    with pytest.raises(DocumentError):
        approval.delete()
    assert Signature.objects.get(pk=approval.pk).note == ""


def test_returning_needs_a_note_and_a_final_version_is_not_returned(doc):
    version = _version(doc)
    with pytest.raises(ValidationError) as exc:
        _approve(doc, version, version, decision=Decision.RETURN)
    assert "note" in exc.value.error_dict
    returned = _approve(doc, version, version, decision=Decision.RETURN, note="the budget is missing")
    assert returned.decision == Decision.RETURN and returned.note == "the budget is missing"
    documents.version_freeze(version, by=doc["author"])
    with pytest.raises(DocumentError) as exc:
        _approve(doc, version, version, decision=Decision.RETURN, note="too late")
    assert exc.value.code == "frozen"


def test_side_by_side_diff_marks_words_and_escapes():
    left, right, changed = documents.diff_text("the old <b>text</b> stays", "the new <b>text</b> stays")
    assert changed and "<del>old</del>" in left and "<ins>new</ins>" in right
    assert "&lt;b&gt;" in left and "<b>" not in right
    assert documents.diff_text("same", "same")[2] is False

    class V:
        def __init__(self, **kw):
            self.__dict__.update(kw)
    rows = documents.compare(V(a="one\ntwo", b="x"), V(a="one\nthree", b="x"),
                             [("a", "A", lambda v: v.a), ("b", "B", lambda v: v.b)])
    assert [(r["key"], r["changed"]) for r in rows] == [("a", True), ("b", False)]
    assert "<br>" in rows[0]["left"] and "<ins>three</ins>" in rows[0]["right"]


def test_versions_and_approvals_are_never_restored_from_the_change_log():
    from core.tenancy import TenantModel

    assert TenantModel.audit_restorable is True
    assert AgreementVersion.audit_restorable is False and Signature.audit_restorable is False


def test_core_documents_imports_no_stage_app():
    tree = ast.parse(Path(documents.__file__).read_text())
    modules = {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert modules <= {"difflib", "hashlib", "json", "re", "collections", "django", "core"}
