from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.loading import FIXTURES_DIR, FixtureError, load_fixtures


class Command(BaseCommand):
    help = "Load the curated actors, instruments, sources and case studies from fixtures/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=FIXTURES_DIR, help="Folder holding the fixture files.")

    def handle(self, *args, fixtures: Path, **options):
        try:
            report = load_fixtures(fixtures)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        self.stdout.write(report.summary())
