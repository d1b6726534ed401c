from pathlib import Path

from django.core.management.base import BaseCommand

from cases import datasette


class Command(BaseCommand):
    help = (
        "Export the published content to a SQLite file for Datasette, with canned queries equivalent to the API "
        "(written to FILE.metadata.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The SQLite file to write (replaced if it exists).")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the API is served, for the absolute links in the rows (as the API writes them).",
        )

    def handle(self, *args, file: Path, base_url: str, **options):
        counts = datasette.export(file, base_url)
        summary = ", ".join(f"{number} {table}" for table, number in counts.items())
        self.stdout.write(f"Wrote {file} ({summary}) and {datasette.metadata_path(file)}.")
        self.stdout.write(f"Serve it with: datasette serve {file} --metadata {datasette.metadata_path(file)}")
