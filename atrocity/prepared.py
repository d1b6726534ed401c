"""Statements PostgreSQL plans once per database connection, for fixed queries asked on every request.

Planning a query can cost more than running it: a fifteen-table union (the content version) or a page of events
with three correlated subqueries. A prepared statement is planned when first executed and, once PostgreSQL has
seen that a generic plan is as good as a fresh one, never again on that connection.
"""

import weakref
from collections.abc import Sequence

# The statements prepared on each connection (DB-API objects: a server session lives as long as its connection).
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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
