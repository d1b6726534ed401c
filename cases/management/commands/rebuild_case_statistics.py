from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = (
        "Recount the public case statistics (the tallies PostgreSQL's triggers keep) from the content, in one "
        "transaction. Only needed after writes that bypassed the triggers, such as a restore with triggers disabled."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Case statistics are kept on PostgreSQL only; other databases count them live.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT cases_rebuild_statistics()")
        self.stdout.write("Case statistics recounted.")
