from pathlib import Path

from django.core.management.base import BaseCommand

from cases.backup import export_knowledge_base


class Command(BaseCommand):
    help = "Write all content (published and draft; no users) to a versioned JSON backup file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the backup ('-' for standard output).")

    def handle(self, *args, file: Path, **options):
        if str(file) == "-":
            counts = export_knowledge_base(self.stdout)
        else:
            with file.open("w", encoding="utf-8") as out:
                counts = export_knowledge_base(out)
            self.stderr.write(f"Wrote {sum(counts.values())} rows to {file}.")
