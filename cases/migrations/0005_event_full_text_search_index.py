"""A GIN index for the events' full-text search (API `search`), on PostgreSQL only.

The expression is exactly the one atrocity.search.ranked_search filters on, so the planner can use it. SQLite
searches with a plain substring match and gets no index.
"""

from django.db import migrations

INDEX = "event_search_document_gin"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_event USING GIN "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_edit_version")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
