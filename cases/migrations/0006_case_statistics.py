"""Public case statistics kept exact on write: tallies of published events, maintained by PostgreSQL triggers.

The case list and detail, the case page and the compare page used to count every link of every event of a case on
each request (seconds for a case of 275,000 events). The tallies below are adjusted in the same transaction as every
write that can change them, whatever path it takes (admin, API, loaders, bulk_create, queryset update and delete,
raw SQL), because the triggers sit on the tables: events (insert, delete, status or case change), event-actor links,
instrument uses (insert, update, delete) and instruments (category change).

Triggers are per statement and read the statement's transition tables, so a bulk insert of 5,000 links costs one
set-based adjustment, not 5,000. "Distinct" counts (events linking an actor either way, events applying a category)
become row counts: a link changes a tally only when it is the first or the last of its kind for its event, found by
comparing the links left after the statement with the statement's own net change.

Concurrent writers of one case queue on a transaction-scoped advisory lock per case, taken in case order, so they
neither deadlock on tally rows nor both count the same link as the first; link writers also share-lock the events
(and instruments) they link, so a concurrent status, case or category change sees their links or waits for them.

SQLite (development, tests) gets the tables but no triggers: there the selectors count live, which small data allows.
"""

import django.db.models.deletion
from django.db import migrations, models

PUBLISHED = "'published'"

FUNCTIONS = f"""
CREATE FUNCTION cases_lock_statistics(case_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('cases statistics'), locked.case_id::integer)
    FROM (SELECT DISTINCT unnest(case_ids) AS case_id ORDER BY 1) AS locked;
END $$;

-- After a change: drop the tallies that reached zero, and recount each case's actors and instruments from its
-- tallies (at most a few thousand rows), so that reading them is one row per case.
CREATE FUNCTION cases_settle_tallies(case_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_caseeventtally WHERE case_id = ANY(case_ids) AND events = 0;
    DELETE FROM cases_caseactortally WHERE case_id = ANY(case_ids) AND events = 0;
    DELETE FROM cases_caseinstrumenttally WHERE case_id = ANY(case_ids) AND uses = 0;
    DELETE FROM cases_casecategorytally WHERE case_id = ANY(case_ids) AND events = 0;
    UPDATE cases_caseeventtally t SET
        actors = (SELECT count(*) FROM cases_caseactortally a WHERE a.case_id = t.case_id AND a.actor_links > 0),
        instruments = (SELECT count(*) FROM cases_caseinstrumenttally i WHERE i.case_id = t.case_id)
    WHERE t.case_id = ANY(case_ids);
END $$;

-- Events entering (sign 1) or leaving (sign -1) the published events of a case, with every link they have.
CREATE FUNCTION cases_count_events(event_ids bigint[], case_ids bigint[], signs integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cases_lock_statistics(case_ids);
    INSERT INTO cases_caseeventtally AS t (case_id, events)
        SELECT c.case_id, sum(c.sign) FROM unnest(case_ids, signs) AS c(case_id, sign)
        GROUP BY c.case_id ORDER BY c.case_id
    ON CONFLICT (case_id) DO UPDATE SET events = t.events + excluded.events;
    INSERT INTO cases_caseactortally AS t (case_id, actor_id, events, actor_links)
        SELECT c.case_id, l.actor_id, sum(c.sign), sum(c.sign * l.actor_links)
        FROM unnest(event_ids, case_ids, signs) AS c(event_id, case_id, sign)
        JOIN (
            SELECT event_id, actor_id, count(*) FILTER (WHERE role_link) AS actor_links FROM (
                SELECT event_id, actor_id, true AS role_link FROM cases_eventactor WHERE event_id = ANY(event_ids)
                UNION ALL
                SELECT event_id, actor_id, false FROM cases_instrumentuse WHERE event_id = ANY(event_ids)
            ) AS links GROUP BY event_id, actor_id
        ) AS l USING (event_id)
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, actor_id)
        DO UPDATE SET events = t.events + excluded.events, actor_links = t.actor_links + excluded.actor_links;
    INSERT INTO cases_caseinstrumenttally AS t (case_id, instrument_id, uses)
        SELECT c.case_id, u.instrument_id, sum(c.sign)
        FROM unnest(event_ids, case_ids, signs) AS c(event_id, case_id, sign)
        JOIN cases_instrumentuse u USING (event_id)
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, instrument_id) DO UPDATE SET uses = t.uses + excluded.uses;
    INSERT INTO cases_casecategorytally AS t (case_id, category, events)
        SELECT c.case_id, k.category, sum(c.sign)
        FROM unnest(event_ids, case_ids, signs) AS c(event_id, case_id, sign)
        JOIN (
            SELECT DISTINCT u.event_id, i.category FROM cases_instrumentuse u
            JOIN instruments_instrument i ON i.id = u.instrument_id WHERE u.event_id = ANY(event_ids)
        ) AS k USING (event_id)
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, category) DO UPDATE SET events = t.events + excluded.events;
    PERFORM cases_settle_tallies(case_ids);
END $$;

-- Event-actor links added (sign 1) or removed (sign -1) by one statement, already applied to the table.
CREATE FUNCTION cases_count_actor_links(event_ids bigint[], actor_ids bigint[], signs integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    case_ids bigint[] := ARRAY(SELECT case_id FROM cases_event WHERE id = ANY(event_ids) ORDER BY id FOR SHARE);
BEGIN
    PERFORM cases_lock_statistics(case_ids);
    INSERT INTO cases_caseactortally AS t (case_id, actor_id, events, actor_links)
        SELECT case_id, actor_id,
            sum((links > 0 OR applies)::integer - (links - sign > 0 OR applies)::integer), sum(sign)
        FROM (
            SELECT e.case_id, c.actor_id, c.sign,
                (SELECT count(*) FROM cases_eventactor l WHERE l.event_id = c.event_id AND l.actor_id = c.actor_id)
                    AS links,
                EXISTS (SELECT FROM cases_instrumentuse u WHERE u.event_id = c.event_id AND u.actor_id = c.actor_id)
                    AS applies
            FROM (
                SELECT event_id, actor_id, sum(sign) AS sign FROM unnest(event_ids, actor_ids, signs)
                    AS changed(event_id, actor_id, sign) GROUP BY 1, 2
            ) AS c JOIN cases_event e ON e.id = c.event_id AND e.status = {PUBLISHED}
        ) AS counted
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, actor_id)
        DO UPDATE SET events = t.events + excluded.events, actor_links = t.actor_links + excluded.actor_links;
    PERFORM cases_settle_tallies(case_ids);
END $$;

-- Instrument uses in events, grouped by instrument category, added or removed (already applied to the tables).
CREATE FUNCTION cases_count_categories(event_ids bigint[], categories text[], signs integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    case_ids bigint[] := ARRAY(SELECT case_id FROM cases_event WHERE id = ANY(event_ids) ORDER BY id FOR SHARE);
BEGIN
    PERFORM cases_lock_statistics(case_ids);
    INSERT INTO cases_casecategorytally AS t (case_id, category, events)
        SELECT case_id, category, sum((uses > 0)::integer - (uses - sign > 0)::integer)
        FROM (
            SELECT e.case_id, c.category, c.sign,
                (SELECT count(*) FROM cases_instrumentuse u JOIN instruments_instrument i ON i.id = u.instrument_id
                 WHERE u.event_id = c.event_id AND i.category = c.category) AS uses
            FROM (
                SELECT event_id, category, sum(sign) AS sign FROM unnest(event_ids, categories, signs)
                    AS changed(event_id, category, sign) GROUP BY 1, 2
            ) AS c JOIN cases_event e ON e.id = c.event_id AND e.status = {PUBLISHED}
        ) AS counted
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, category) DO UPDATE SET events = t.events + excluded.events;
    PERFORM cases_settle_tallies(case_ids);
END $$;

-- Instrument uses added (sign 1) or removed (sign -1) by one statement, already applied to the table.
CREATE FUNCTION cases_count_instrument_uses(event_ids bigint[], instrument_ids bigint[], actor_ids bigint[],
                                            signs integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    case_ids bigint[] := ARRAY(SELECT case_id FROM cases_event WHERE id = ANY(event_ids) ORDER BY id FOR SHARE);
    categories text[];
BEGIN
    -- A concurrent category change either sees these uses or waits for them.
    PERFORM FROM instruments_instrument WHERE id = ANY(instrument_ids) ORDER BY id FOR SHARE;
    PERFORM cases_lock_statistics(case_ids);
    INSERT INTO cases_caseactortally AS t (case_id, actor_id, events, actor_links)
        SELECT case_id, actor_id, sum((uses > 0 OR linked)::integer - (uses - sign > 0 OR linked)::integer), 0
        FROM (
            SELECT e.case_id, c.actor_id, c.sign,
                (SELECT count(*) FROM cases_instrumentuse u WHERE u.event_id = c.event_id AND u.actor_id = c.actor_id)
                    AS uses,
                EXISTS (SELECT FROM cases_eventactor l WHERE l.event_id = c.event_id AND l.actor_id = c.actor_id)
                    AS linked
            FROM (
                SELECT event_id, actor_id, sum(sign) AS sign FROM unnest(event_ids, actor_ids, signs)
                    AS changed(event_id, actor_id, sign) GROUP BY 1, 2
            ) AS c JOIN cases_event e ON e.id = c.event_id AND e.status = {PUBLISHED}
        ) AS counted
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, actor_id) DO UPDATE SET events = t.events + excluded.events;
    INSERT INTO cases_caseinstrumenttally AS t (case_id, instrument_id, uses)
        SELECT e.case_id, c.instrument_id, sum(c.sign)
        FROM unnest(event_ids, instrument_ids, signs) AS c(event_id, instrument_id, sign)
        JOIN cases_event e ON e.id = c.event_id AND e.status = {PUBLISHED}
        GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (case_id, instrument_id) DO UPDATE SET uses = t.uses + excluded.uses;
    SELECT array_agg(c.event_id), array_agg(i.category), array_agg(c.sign) INTO event_ids, categories, signs
        FROM unnest(event_ids, instrument_ids, signs) AS c(event_id, instrument_id, sign)
        JOIN instruments_instrument i ON i.id = c.instrument_id;
    PERFORM cases_count_categories(event_ids, categories, signs);
    PERFORM cases_settle_tallies(case_ids);
END $$;

CREATE FUNCTION cases_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_ids bigint[];
    case_ids bigint[];
    signs integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id), array_agg(case_id), array_agg(1) INTO event_ids, case_ids, signs
        FROM new_rows WHERE status = {PUBLISHED};
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(id), array_agg(case_id), array_agg(-1) INTO event_ids, case_ids, signs
        FROM old_rows WHERE status = {PUBLISHED};
    ELSE
        SELECT array_agg(side.id), array_agg(side.case_id), array_agg(side.sign) INTO event_ids, case_ids, signs
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.id, o.case_id, o.status, -1), (n.id, n.case_id, n.status, 1))
            AS side(id, case_id, status, sign)
        WHERE side.status = {PUBLISHED} AND (o.case_id, o.status) IS DISTINCT FROM (n.case_id, n.status);
    END IF;
    IF event_ids IS NOT NULL THEN
        PERFORM cases_count_events(event_ids, case_ids, signs);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION cases_eventactor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_ids bigint[];
    actor_ids bigint[];
    signs integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(event_id), array_agg(actor_id), array_agg(1) INTO event_ids, actor_ids, signs FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(event_id), array_agg(actor_id), array_agg(-1) INTO event_ids, actor_ids, signs FROM old_rows;
    ELSE
        SELECT array_agg(side.event_id), array_agg(side.actor_id), array_agg(side.sign) INTO event_ids, actor_ids, signs
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.event_id, o.actor_id, -1), (n.event_id, n.actor_id, 1))
            AS side(event_id, actor_id, sign)
        WHERE (o.event_id, o.actor_id) IS DISTINCT FROM (n.event_id, n.actor_id);
    END IF;
    IF event_ids IS NOT NULL THEN
        PERFORM cases_count_actor_links(event_ids, actor_ids, signs);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION cases_instrumentuse_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_ids bigint[];
    instrument_ids bigint[];
    actor_ids bigint[];
    signs integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(event_id), array_agg(instrument_id), array_agg(actor_id), array_agg(1)
        INTO event_ids, instrument_ids, actor_ids, signs FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(event_id), array_agg(instrument_id), array_agg(actor_id), array_agg(-1)
        INTO event_ids, instrument_ids, actor_ids, signs FROM old_rows;
    ELSE
        SELECT array_agg(side.event_id), array_agg(side.instrument_id), array_agg(side.actor_id), array_agg(side.sign)
        INTO event_ids, instrument_ids, actor_ids, signs
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (
            VALUES (o.event_id, o.instrument_id, o.actor_id, -1), (n.event_id, n.instrument_id, n.actor_id, 1)
        ) AS side(event_id, instrument_id, actor_id, sign)
        WHERE (o.event_id, o.instrument_id, o.actor_id) IS DISTINCT FROM (n.event_id, n.instrument_id, n.actor_id);
    END IF;
    IF event_ids IS NOT NULL THEN
        PERFORM cases_count_instrument_uses(event_ids, instrument_ids, actor_ids, signs);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION cases_instrument_recategorised() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_ids bigint[];
    categories text[];
    signs integer[];
BEGIN
    SELECT array_agg(u.event_id), array_agg(side.category), array_agg(side.sign) INTO event_ids, categories, signs
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    JOIN cases_instrumentuse u ON u.instrument_id = n.id
    CROSS JOIN LATERAL (VALUES (o.category, -1), (n.category, 1)) AS side(category, sign)
    WHERE o.category IS DISTINCT FROM n.category;
    IF event_ids IS NOT NULL THEN
        PERFORM cases_count_categories(event_ids, categories, signs);
    END IF;
    RETURN NULL;
END $$;

-- Recount every tally from the content: the migration's backfill, and `manage.py rebuild_case_statistics`.
CREATE FUNCTION cases_rebuild_statistics() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE cases_event, cases_eventactor, cases_instrumentuse, instruments_instrument IN SHARE MODE;
    DELETE FROM cases_caseeventtally;
    DELETE FROM cases_caseactortally;
    DELETE FROM cases_caseinstrumenttally;
    DELETE FROM cases_casecategorytally;
    INSERT INTO cases_caseeventtally (case_id, events)
        SELECT case_id, count(*) FROM cases_event WHERE status = {PUBLISHED} GROUP BY case_id;
    INSERT INTO cases_caseactortally (case_id, actor_id, events, actor_links)
        SELECT case_id, actor_id, count(*), sum(actor_links) FROM (
            SELECT e.case_id, l.event_id, l.actor_id, count(*) FILTER (WHERE l.role_link) AS actor_links
            FROM (
                SELECT event_id, actor_id, true AS role_link FROM cases_eventactor
                UNION ALL
                SELECT event_id, actor_id, false FROM cases_instrumentuse
            ) AS l JOIN cases_event e ON e.id = l.event_id
            WHERE e.status = {PUBLISHED}
            GROUP BY e.case_id, l.event_id, l.actor_id
        ) AS per_event GROUP BY case_id, actor_id;
    INSERT INTO cases_caseinstrumenttally (case_id, instrument_id, uses)
        SELECT e.case_id, u.instrument_id, count(*) FROM cases_instrumentuse u
        JOIN cases_event e ON e.id = u.event_id WHERE e.status = {PUBLISHED} GROUP BY 1, 2;
    INSERT INTO cases_casecategorytally (case_id, category, events)
        SELECT case_id, category, count(*) FROM (
            SELECT DISTINCT e.case_id, u.event_id, i.category FROM cases_instrumentuse u
            JOIN cases_event e ON e.id = u.event_id JOIN instruments_instrument i ON i.id = u.instrument_id
            WHERE e.status = {PUBLISHED}
        ) AS per_event GROUP BY case_id, category;
    PERFORM cases_settle_tallies(ARRAY(SELECT case_id FROM cases_caseeventtally));
END $$;
"""

# PostgreSQL allows transition tables only on single-event triggers: one trigger per statement kind.
TRANSITION_TABLES = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
TRIGGERS = [  # (table, statement, function)
    *(
        (table, statement, function)
        for table, function in [
            ("cases_event", "cases_event_changed"),
            ("cases_eventactor", "cases_eventactor_changed"),
            ("cases_instrumentuse", "cases_instrumentuse_changed"),
        ]
        for statement in TRANSITION_TABLES
    ),
    ("instruments_instrument", "UPDATE", "cases_instrument_recategorised"),
]

FUNCTION_NAMES = [
    "cases_lock_statistics(bigint[])",
    "cases_settle_tallies(bigint[])",
    "cases_count_events(bigint[], bigint[], integer[])",
    "cases_count_actor_links(bigint[], bigint[], integer[])",
    "cases_count_categories(bigint[], text[], integer[])",
    "cases_count_instrument_uses(bigint[], bigint[], bigint[], integer[])",
    "cases_event_changed()",
    "cases_eventactor_changed()",
    "cases_instrumentuse_changed()",
    "cases_instrument_recategorised()",
    "cases_rebuild_statistics()",
]


def _trigger_name(table: str, statement: str) -> str:
    return f"{table}_statistics_{statement.lower()}"


def install(apps, schema_editor):
    """Create the functions and triggers, then count the existing content once."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for table, statement, function in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {_trigger_name(table, statement)} AFTER {statement} ON {table} "
            f"REFERENCING {TRANSITION_TABLES[statement]} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    schema_editor.execute("SELECT cases_rebuild_statistics()")


def uninstall(apps, schema_editor):
    """Drop the triggers and functions (the tables go with the models)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, statement, _function in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, statement)} ON {table}")
    for name in FUNCTION_NAMES:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0002_edit_version"),
        ("cases", "0005_event_full_text_search_index"),
        ("instruments", "0002_edit_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseEventTally",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="cases.casestudy",
                    ),
                ),
                ("events", models.IntegerField()),
                ("actors", models.IntegerField(db_default=0, help_text="Its actor tallies with event-actor links.")),
                ("instruments", models.IntegerField(db_default=0, help_text="Its instrument tallies.")),
            ],
        ),
        migrations.CreateModel(
            name="CaseActorTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "events",
                    models.IntegerField(help_text="Published events linking the actor either way, each once."),
                ),
                (
                    "actor_links",
                    models.IntegerField(help_text="Its event-actor links (roles) in those events."),
                ),
                (
                    "actor",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="actors.actor"),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.casestudy"
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("case", "actor"), name="case_actor_tally_unique")],
            },
        ),
        migrations.CreateModel(
            name="CaseCategoryTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("category", models.CharField(max_length=20)),
                ("events", models.IntegerField()),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.casestudy"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("case", "category"), name="case_category_tally_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseInstrumentTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uses", models.IntegerField()),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.casestudy"
                    ),
                ),
                (
                    "instrument",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="instruments.instrument"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("case", "instrument"), name="case_instrument_tally_unique")
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
