from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.backup import BackupError, import_knowledge_base


class Command(BaseCommand):
    help = "Restore a JSON backup written by export_knowledge_base into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8") as stream:
                counts = import_knowledge_base(stream)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from None
        self.stdout.write(f"Restored {sum(counts.values())} rows: " + ", ".join(f"{n} {m}" for m, n in counts.items()))
