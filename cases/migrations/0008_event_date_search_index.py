"""Events in date order with what a search filters on, so a search page in date order reads only this index.

A search in date order (`search` with `ordering=date`, or `-date`) walks the events by date and tests each one's
search vector, status and case until it has a page. With the date index alone every event tested was a visit to
its heap row: about a thousand visits (1 ms) to find 50 events of a word in one event in twenty, at a million
events. This index carries the vector, status and case next to the date, so PostgreSQL tests them in the index
(an index-only scan; 0.4 ms there). It costs disk (about 430 MB at a million events, against 41 MB for the date
index) and a little time on each write. PostgreSQL only, like the column it includes (0007).
"""

from django.db import migrations

from cases.migrations._postgresql import on_postgresql

FORWARD = [
    "CREATE INDEX IF NOT EXISTS event_date_search ON cases_event (date, id) INCLUDE (status, case_id, search_vector)"
]
BACKWARD = ["DROP INDEX IF EXISTS event_date_search"]


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_event_stored_search_vector")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False)]
