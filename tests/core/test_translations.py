"""Hebrew is the default UI language and Arabic is ready (Yarka): every catalogue is fully translated
to both and compiled. English is the source language."""
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/he/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 10


def _languages(path):
    return [path, Path(str(path).replace("/he/", "/ar/"))]


@pytest.mark.parametrize("path", [p for he in CATALOGUES for p in _languages(he)],
                         ids=[str(p.relative_to(ROOT)) for he in CATALOGUES for p in _languages(he)])
def test_hebrew_and_arabic_are_complete_and_compiled(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"untranslated or fuzzy in {path}: {missing[:10]}"
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo))}
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, f"{mo} is stale: {entry.msgid!r}"


@pytest.mark.parametrize("path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_arabic_catalogue_exists_and_compiles(path):
    ar = Path(str(path).replace("/he/", "/ar/"))
    assert ar.exists() and ar.with_suffix(".mo").exists()
    polib.mofile(str(ar.with_suffix(".mo")))
