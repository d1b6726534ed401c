"""Export the whole knowledge base (published and draft content, no users) to a versioned JSON document,
and restore it into an empty database.

The document keeps primary keys, so event ids (which the API and pages use in URLs) survive a round trip.
Export streams row by row, so memory stays flat however large the database is.
"""

import datetime
import json
from typing import IO

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

FORMAT_NAME = "atrocity-prevention-kb"
FORMAT_VERSION = 1
RESTORE_REASON = "restored from backup"

# Parents before children, so a restore can insert in this order.
CONTENT_MODELS = [
    "actors.Actor",
    "actors.Membership",
    "instruments.Instrument",
    "instruments.Capability",
    "cases.CaseStudy",
    "cases.Phase",
    "cases.Source",
    "cases.Hypothesis",
    "cases.Event",
    "cases.EventActor",
    "cases.InstrumentUse",
    "cases.Figure",
    "cases.FactorAssessment",
    "cases.Citation",
    "cases.HypothesisFinding",
]


class _ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but keeping microseconds: a restore must give back the very same timestamps."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup document that cannot be restored; nothing was written."""


def content_models():
    return [apps.get_model(label) for label in CONTENT_MODELS]


def export_knowledge_base(out: IO[str]) -> dict[str, int]:
    """Write every content row to `out` as one JSON document; return the row count per model."""
    counts: dict[str, int] = {}
    header = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "exported_at": datetime.datetime.now(datetime.UTC)}
    out.write(json.dumps(header, cls=_ExactJSONEncoder)[:-1] + ', "models": [\n')
    for index, model in enumerate(content_models()):
        label = model._meta.label_lower
        out.write(("," if index else "") + json.dumps({"model": label})[:-1] + ', "rows": [\n')
        counts[label] = 0
        for row in model.objects.order_by("pk").iterator(chunk_size=2000):
            fields = serializers.serialize("python", [row])[0]
            out.write(
                ("," if counts[label] else "") + json.dumps(fields, cls=_ExactJSONEncoder, ensure_ascii=False) + "\n"
            )
            counts[label] += 1
        out.write("]}\n")
    out.write("]}\n")
    return counts


def _read_document(stream: IO[str]) -> dict:
    try:
        document = json.load(stream)
    except json.JSONDecodeError as error:
        raise BackupError(f"The file is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BackupError(f"The file is not a {FORMAT_NAME} backup.")
    if document.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"Backup format version {document.get('version')!r} is not supported (this version reads {FORMAT_VERSION})."
        )
    known = set(label.lower() for label in CONTENT_MODELS)
    for section in document.get("models", []):
        if section.get("model") not in known:
            raise BackupError(f"Unknown model in backup: {section.get('model')!r}.")
    return document


@transaction.atomic
def import_knowledge_base(stream: IO[str]) -> dict[str, int]:
    """Restore a backup into an empty database in one transaction; return the row count per model."""
    document = _read_document(stream)
    models = content_models()
    occupied = [model._meta.label for model in models if model.objects.exists()]
    if occupied:
        raise BackupError(f"The database already holds content ({', '.join(occupied)}); restore into an empty one.")
    counts: dict[str, int] = {}
    try:
        with connection.constraint_checks_disabled():
            for section in document.get("models", []):
                rows = section.get("rows", [])
                objects = list(serializers.deserialize("python", rows))
                for deserialized in objects:
                    deserialized.save()
                counts[section["model"]] = len(objects)
        connection.check_constraints()
    except Exception as error:  # any malformed row: say which kind of problem, roll everything back
        raise BackupError(f"The backup could not be restored: {error}") from None
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    for model in models:
        if hasattr(model, "history"):
            model.history.bulk_history_create(
                list(model.objects.all()), default_change_reason=RESTORE_REASON, update=False
            )
    return counts
