from django.core.management.base import BaseCommand, CommandError

from cases import synthetic


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic corpus for benchmarks (slugs and keys start with 'synthetic-', titles "
        "with '[Synthetic]'), or remove exactly that corpus with --remove."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=20, help="Number of synthetic cases (sizes follow Zipf).")
        parser.add_argument("--events", type=int, default=1000, help="Total number of synthetic events.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same corpus.")
        parser.add_argument(
            "--remove", action="store_true", help="Delete the synthetic corpus and its history; nothing else."
        )

    def handle(self, *args, cases: int, events: int, seed: int, remove: bool, **options):
        progress = self.stdout.write if options["verbosity"] > 1 else None
        if remove:
            report = synthetic.remove(progress)
            self.stdout.write(f"Removed {report.summary()}.")
            return
        if cases < 1 or events < 0:
            raise CommandError("--cases must be at least 1 and --events at least 0.")
        try:
            report = synthetic.generate(cases, events, seed, progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Created {report.summary()}.")
