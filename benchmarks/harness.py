"""Benchmark harness: speed targets are ratios against a trivial view of the same stack that does no
I/O (`/__trivial__`, see bench_settings.py), measured in the same run, on the same machine, with the same
client, so they do not depend on how fast the machine is. (`/healthz` pings the database and the broker:
it is no floor.)

    from harness import setup_django, measure, report, TRIVIAL
    setup_django()                       # a throw-away SQLite database unless DATABASE_URL is set
    ...build data...
    report("HQ home", measure(client, "/hq/"), baseline=measure(client, TRIVIAL), target=ratio)
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "/__trivial__"


def setup_django():
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def measure(client, url, *, repeat=30, warmup=3):
    """Median and p90 wall time in milliseconds of GET url (status must be 200)."""
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median": statistics.median(samples), "p90": samples[int(len(samples) * 0.9) - 1]}


def report(name, result, *, baseline, target=None):
    ratio = result["median"] / baseline["median"]
    verdict = "" if target is None else ("  OK" if ratio <= target else f"  OVER TARGET ({target}x)")
    print(f"{name:<50} median {result['median']:7.2f} ms  p90 {result['p90']:7.2f} ms  "
          f"= {ratio:5.1f}x trivial{verdict}")
    return ratio
