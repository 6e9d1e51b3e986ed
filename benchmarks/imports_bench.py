"""A 10,000-row registry refresh through the shared spreadsheet mechanism: the check and the apply run
as a background job (eager here); printed as wall and CPU time. The test suite runs the same flow with
2,500 rows (tests/selection/test_spreadsheets.py)."""
import csv
import io
import time

from harness import ROOT, setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from core.models import ImportJob  # noqa: E402
from core.roles import PlatformRole  # noqa: E402

ROWS = 10000
call_command("import_authorities", str(ROOT / "data" / "israel_local_authorities.csv"), verbosity=0)
settings.IMPORT_BACKGROUND_ROWS = 2000
User.objects.create_user("bench-hq-admin", password="bench-pass-1", platform_role=PlatformRole.HQ_ADMIN)
client = Client()
assert client.login(username="bench-hq-admin", password="bench-pass-1")
rows = list(csv.reader(io.StringIO(client.get("/selection/registry/export.csv").content.decode("utf-8-sig"))))
header, body = rows[0], rows[1:]
taken = {r[0] for r in body}
template = next(r for r in body if r[0] == "1031")
codes = (f"{n:04d}" for n in range(ROWS) if f"{n:04d}" not in taken)
while len(body) < ROWS:
    code = next(codes)
    row = [*template]
    row[header.index("cbs_code")], row[header.index("name_he")] = code, f"רשות {code}"
    row[header.index("name_en")] = f"Authority {code}"
    body.append(row)
out = io.StringIO()
csv.writer(out).writerows([header, *body])
years = {"population_year": 2021, "socioeconomic_year": 2019, "peripherality_year": 2020}
started, cpu = time.monotonic(), time.process_time()
response = client.post("/selection/registry/", {
    "file": SimpleUploadedFile("registry-10k.csv", out.getvalue().encode("utf-8")), "edition": "CBS 2023", **years})
checked = time.monotonic()
job = ImportJob.all_municipalities.latest("pk")
client.post(f"/hq/imports/{job.pk}/", {"apply": "1"})
applied = time.monotonic()
job.refresh_from_db()
print(f"{ROWS}-row registry refresh ({job.status}): check {checked - started:.1f} s, apply {applied - checked:.1f} s "
      f"(wall); {time.process_time() - cpu:.1f} s CPU in all")
