"""Platform pages against a trivial view of the same stack, with the real registry (255 authorities) and the demo network."""
from harness import ROOT, TRIVIAL, measure, report, setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

call_command("import_authorities", str(ROOT / "data" / "israel_local_authorities.csv"), verbosity=0)
call_command("seed_demo", password="bench-pass-1", verbosity=0)

client = Client()
assert client.login(username="hq", password="bench-pass-1")
baseline = measure(client, TRIVIAL)
report("trivial view (baseline)", baseline, baseline=baseline)
report("HQ home (all initiatives)", measure(client, "/hq/"), baseline=baseline, target=100)
report("municipality home", measure(client, "/m/sderot/"), baseline=baseline, target=100)
report("people directory", measure(client, "/m/sderot/people/"), baseline=baseline, target=100)
report("API: municipalities (255)", measure(client, "/api/v1/municipalities/?page_size=300"), baseline=baseline,
       target=300)
