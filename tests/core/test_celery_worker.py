"""One task through a real Celery worker and Redis (CI runs it against the machine's services)."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from core.roles import Role

ROOT = Path(__file__).resolve().parents[2]
needs_services = pytest.mark.skipif(
    not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres")),
    reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (CI sets both)")


def test_ci_provides_the_services():
    if os.environ.get("CI"):
        assert os.environ.get("REDIS_URL"), "CI must set REDIS_URL so the worker test runs"
        assert os.environ.get("DATABASE_URL", "").startswith("postgres"), "CI must test on PostgreSQL"


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker_queue():
    queue = f"yishuv-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url()}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "solo",
         "--loglevel", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@needs_services
@pytest.mark.django_db(transaction=True)
def test_a_task_runs_in_a_real_worker_inside_the_tenant_scope(tenant_a, worker_queue, settings):
    from config.celery import app
    from core import tenancy
    from municipalities.models import Membership
    from municipalities.tasks import membership_invitation_send

    with tenancy.scope(tenant_a.municipality):
        membership = Membership.objects.get(user=tenant_a.user(Role.VIEWER))
    app.conf.task_always_eager = False
    try:
        result = membership_invitation_send.apply_async(
            kwargs={"membership_id": membership.pk, "municipality_id": tenant_a.municipality.pk},
            queue=worker_queue)
        address = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = True
    assert address == tenant_a.user(Role.VIEWER).email
    # the same id under another municipality's scope finds nothing: scoping holds in the worker too
    app.conf.task_always_eager = False
    try:
        other = membership_invitation_send.apply_async(
            kwargs={"membership_id": membership.pk, "municipality_id": tenant_a.municipality.pk + 999},
            queue=worker_queue)
        with pytest.raises(Exception) as error:
            other.get(timeout=60)
        assert "DoesNotExist" in type(error.value).__name__ or "does not exist" in str(error.value).lower()
    finally:
        app.conf.task_always_eager = True
