"""Refresh and compile every translation catalogue: the project's (locale/) and each stage app's
(<app>/locale/). Needs GNU gettext. Runs makemessages in one process after Django is set up, since
running it from inside an app folder would let that folder's rules.py hide the django-rules package."""
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STAGE_APPS = ["selection", "mou", "steering", "mapping", "design_forum", "teams", "collective_plan",
              "investments", "compass"]
LANGUAGES = ["he", "en", "ar"]


class Command(BaseCommand):
    help = "makemessages + compilemessages for the project and every stage app."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        start = os.getcwd()
        try:
            os.chdir(root)
            ignore = [".venv", "tests", "benchmarks", "data", "docs", *STAGE_APPS]
            call_command("makemessages", locale=LANGUAGES, ignore_patterns=ignore, no_obsolete=True, verbosity=0)
            for app in STAGE_APPS:
                app_dir = root / app
                (app_dir / "locale").mkdir(exist_ok=True)
                os.chdir(app_dir)
                call_command("makemessages", locale=LANGUAGES, no_obsolete=True, verbosity=0)
            os.chdir(root)
            call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)
        finally:
            os.chdir(start)
        self.stdout.write(self.style.SUCCESS("Translation catalogues refreshed and compiled."))
