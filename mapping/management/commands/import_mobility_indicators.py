from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import spreadsheets, tenancy
from mapping.services import mobility_indicators_import


class Command(BaseCommand):
    help = ("Load the CBS social-mobility indicators per authority "
            "(israel_local_authorities_social_mobility.csv, or the same columns as XLSX) into the indicator store, with the data year "
            "of each column, plus the registry's own figures. Idempotent; on any bad row nothing is saved "
            "and the errors are listed by row and column. Run after import_authorities.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            table = spreadsheets.read_table(path.read_bytes(), path.name)
        except spreadsheets.UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        with tenancy.scope_all():
            summary = mobility_indicators_import(table=table)
        if summary.errors:
            for error in summary.errors[:200]:
                self.stderr.write(f"  {error}")
            raise CommandError(f"{len(summary.errors)} error(s) in {path}; nothing was saved.")
        self.stdout.write(self.style.SUCCESS(
            f"Indicator values: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."))
