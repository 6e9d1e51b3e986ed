"""Settings of the benchmark runs: the test settings plus a URL map with a trivial view.

The floor every page is measured against is `/__trivial__`: a view of the same stack (the same
middleware, the same logged-in client) that does no I/O. `/healthz` is no floor: it pings the database
and the broker. The trivial view exists only in these settings, never in the product's URL map."""
from config.settings.test import *  # noqa: F401,F403

ROOT_URLCONF = "bench_urls"
