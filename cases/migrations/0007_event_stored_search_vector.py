"""The events' search document as a stored column with its GIN index, on PostgreSQL only; replaces 0005's index.

0005 indexed the expression `to_tsvector(title || ' ' || description)`. A search in date order (the API's
`search` with `ordering=date`) walks the date index and tests each event for the words, and with an expression
index each test computed the document again: about 0.1 ms an event, a hundred milliseconds for a page of a
common word at a million events. A stored generated column is computed once per write and tested in
microseconds. `atrocity.search.ranked_search(..., stored_vector="search_vector")` reads it.

The column is PostgreSQL's, not the model's (SQLite searches by substring). Changing the type of `title` or
`description` later needs the column dropped first and added again.
"""

from django.db import migrations

from cases.migrations._postgresql import on_postgresql

DOCUMENT = "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, ''))"
FORWARD = [
    f"ALTER TABLE cases_event ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "CREATE INDEX IF NOT EXISTS event_search_vector_gin ON cases_event USING GIN (search_vector)",
    "DROP INDEX IF EXISTS event_search_document_gin",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS event_search_document_gin ON cases_event USING GIN ({DOCUMENT})",
    "DROP INDEX IF EXISTS event_search_vector_gin",
    "ALTER TABLE cases_event DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_statistics")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False)]
