"""Statements PostgreSQL plans once per database connection, for queries asked again and again.

Planning a query can cost more than running it: a fifteen-table union (the content version), a page of events
with three correlated subqueries, or the ids of the United Nations' events (an array of 700 actor ids, whose
selectivity the planner weighs id by id: 1.3 ms of planning for 0.4 ms of running). A prepared statement is
planned when first executed and, once PostgreSQL has seen that a generic plan is as good as a fresh one (at once,
for a statement without parameters), never again on that connection.
"""

import hashlib
import weakref
from collections import OrderedDict
from collections.abc import Sequence

# The statements prepared on each connection (DB-API objects: a server session lives as long as its connection).
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Statements named after their text, on each connection, least recently used first; at most TEXT_NAMED_KEPT.
_TEXT_NAMED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
TEXT_NAMED_KEPT = 64


def execute_prepared(connection, cursor, name: str, sql: str, params: Sequence = (), types: str = "") -> None:
    """Execute `sql` (PostgreSQL placeholders $1, $2, ... typed by `types`, e.g. "(bigint[])") by its name.

    Prepared first on a connection that does not know it yet. `name` must be a constant: it goes into the SQL.
    """
    prepared = _PREPARED.setdefault(connection.connection, set())
    if name not in prepared:
        cursor.execute(f"PREPARE {name}{types} AS {sql}")
        prepared.add(name)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    cursor.execute(f"EXECUTE {name}{arguments}", params or None)


def execute_by_text(connection, cursor, sql: str) -> None:
    """Execute a complete statement (values written in, no placeholders) prepared under a name made from its text.

    For queries compiled at run time that repeat, such as a public filter's page of ids: its values are part of
    the text, so each plan is the one PostgreSQL would make for that query alone. At most TEXT_NAMED_KEPT are kept
    per connection (a harvester paging through thousands of pages must not fill the server's memory with plans).
    """
    prepared = _TEXT_NAMED.setdefault(connection.connection, OrderedDict())
    name = "text_" + hashlib.blake2b(sql.encode(), digest_size=12).hexdigest()
    if name in prepared:
        prepared.move_to_end(name)
    else:
        cursor.execute(f"PREPARE {name} AS {sql}")
        prepared[name] = True
        if len(prepared) > TEXT_NAMED_KEPT:
            oldest, _ = prepared.popitem(last=False)
            cursor.execute(f"DEALLOCATE {oldest}")
    cursor.execute(f"EXECUTE {name}")
