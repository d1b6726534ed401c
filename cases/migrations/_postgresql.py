"""For migrations of PostgreSQL-only schema (search columns and indexes): SQLite has no such column to index."""


def on_postgresql(statements: list[str]):
    """A RunPython function that executes the statements on PostgreSQL and does nothing elsewhere."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation
