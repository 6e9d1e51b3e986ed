from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.registry import import_authorities


class Command(BaseCommand):
    help = ("Load the CBS registry of local authorities (israel_local_authorities.csv). Idempotent; "
            "validates every row; on any bad row nothing is saved and the errors are listed.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        summary, errors = import_authorities(path)
        if errors:
            for error in errors:
                self.stderr.write(f"  {error}")
            raise CommandError(f"{len(errors)} error(s) in {path}; nothing was saved.")
        self.stdout.write(self.style.SUCCESS(
            f"Authorities: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."))
