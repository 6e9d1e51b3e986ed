"""Indicator names follow the interface language, Arabic included (a data label, not only UI text)."""
from django.utils import translation

from mapping import catalogue


def test_every_builtin_indicator_has_an_arabic_name():
    codes = {d.code for d in catalogue.REGISTRY + catalogue.MOBILITY}
    assert codes == set(catalogue.NAMES_AR)
    assert all(name.strip() for name in catalogue.NAMES_AR.values())


def test_name_follows_the_language(db):
    indicator = catalogue.ensure_catalogue()["dropout_pct_boys"]
    indicator.refresh_from_db()
    assert indicator.name_ar.strip()
    with translation.override("ar"):
        assert indicator.name == indicator.name_ar
    with translation.override("he"):
        assert indicator.name == indicator.name_he
    with translation.override("en"):
        assert indicator.name == indicator.name_en
