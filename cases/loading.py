"""Load the curated content fixtures (fixtures/*.json) into the database, idempotently.

Every entry is matched by its natural key (slug, key or code) and updated in place; an entry is saved only
when a field actually differs, so a second run writes nothing and adds no history. The whole load runs in
one transaction: a fixture with an error loads nothing and the error names the file and the entry.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Actor, Membership
from atrocity.content import PublicationStatus
from atrocity.dates import parse_partial_date
from cases.models import (
    CaseStudy,
    Citation,
    Event,
    EventActor,
    FactorAssessment,
    Figure,
    Hypothesis,
    HypothesisFinding,
    InstrumentUse,
    Phase,
    Source,
)
from instruments.models import Capability, Instrument

CHANGE_REASON = "load_case_studies"
FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


class FixtureError(Exception):
    """A fixture entry that cannot be loaded; the message says which file and entry, and why."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict, model) -> None:
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        if not self.changed:
            return "Nothing to change: the database already matches the fixtures."
        parts = []
        for verb, bucket in (("created", self.created), ("updated", self.updated), ("deleted", self.deleted)):
            if bucket:
                parts.append(f"{verb} " + ", ".join(f"{n} {name}" for name, n in sorted(bucket.items())))
        return "; ".join(parts) + "."


def _comparable(value):
    """Country objects compare by code; everything else as it is."""
    return getattr(value, "code", value)


def _decimal(number) -> Decimal | None:
    """JSON numbers arrive as floats; go through their text so 54.1 stays 54.1, not 54.1000000000000014."""
    return None if number is None else Decimal(str(number))


def _validation_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


class Loader:
    """Writes fixture documents into the database; one instance per load."""

    def __init__(self):
        self.report = LoadReport()
        self.where = ""
        self._actors: dict[str, Actor] = {}
        self._instruments: dict[str, Instrument] = {}
        self._sources: dict[str, Source] = {}
        self._created: set[tuple[str, int]] = set()

    # -- generic writes ------------------------------------------------------------------------------------

    def _save(self, obj) -> None:
        try:
            # Uniqueness and check constraints are left to the database (one query fewer per constraint
            # and row); a violation surfaces as IntegrityError, reported in load_fixtures with the entry.
            # Related rows come from lookups that already proved they exist, so their per-field existence
            # queries are skipped too.
            related = [f.name for f in obj._meta.concrete_fields if f.is_relation]
            obj.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise FixtureError(f"{self.where}: {_validation_text(error)}") from None
        obj._change_reason = CHANGE_REASON
        obj.save()

    def upsert(self, model, lookup: dict, values: dict):
        """Create the row, or update only the fields that differ; return the row."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj)
            self.report.count(self.report.created, model)
            self._created.add((model._meta.label, obj.pk))
            return obj
        changed = False
        for name, value in values.items():
            if _comparable(getattr(obj, name)) != _comparable(value):
                setattr(obj, name, value)
                changed = True
        if changed:
            self._save(obj)
            if (model._meta.label, obj.pk) not in self._created:
                self.report.count(self.report.updated, model)
        return obj

    def sync_rows(self, model, existing, wanted: dict[tuple, dict]) -> None:
        """Make a set of link rows equal to `wanted` (natural tuple -> field values); delete the rest."""
        current = {row._sync_key: row for row in existing}
        for sync_key, row in current.items():
            if sync_key not in wanted:
                row._change_reason = CHANGE_REASON
                row.delete()
                self.report.count(self.report.deleted, model)
        for sync_key, values in wanted.items():
            if sync_key not in current:
                self._save(model(**values))
                self.report.count(self.report.created, model)

    # -- lookups -------------------------------------------------------------------------------------------

    def _lookup(self, cache: dict, model, key_field: str, key: str, what: str):
        if key not in cache:
            obj = model.objects.filter(**{key_field: key}).first()
            if obj is None:
                raise FixtureError(f"{self.where}: unknown {what} '{key}'")
            cache[key] = obj
        return cache[key]

    def actor(self, slug: str) -> Actor:
        return self._lookup(self._actors, Actor, "slug", slug, "actor")

    def instrument(self, slug: str) -> Instrument:
        return self._lookup(self._instruments, Instrument, "slug", slug, "instrument")

    def source(self, key: str) -> Source:
        return self._lookup(self._sources, Source, "key", key, "source")

    def partial_date(self, text, name: str):
        """(date, precision) from "1994", "1994-04" or "1994-04-06"; (None, default) when empty."""
        if not text:
            return None, "day"
        try:
            return parse_partial_date(str(text))
        except ValueError as error:
            raise FixtureError(f"{self.where}: {name}: {error}") from None

    # -- entries -------------------------------------------------------------------------------------------

    def load_actors(self, entries: list[dict], origin: str) -> None:
        for entry in entries:  # first pass: rows exist, so parents can refer to any of them
            self.where = f"{origin}: actor '{entry.get('slug')}'"
            self.upsert(
                Actor,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "short_name": entry.get("short_name") or "",
                    "kind": entry["kind"],
                    "description": entry.get("description") or "",
                    "founded_year": entry.get("founded_year"),
                    "website": entry.get("website") or "",
                    "locator": entry.get("locator") or "",
                    "status": entry.get("status", PublicationStatus.PUBLISHED),
                },
            )
        for entry in entries:
            self.where = f"{origin}: actor '{entry['slug']}'"
            parent_id = self.actor(entry["parent"]).pk if entry.get("parent") else None
            self.upsert(Actor, {"slug": entry["slug"]}, {"parent_id": parent_id})
            self._actors.pop(entry["slug"], None)

    def load_memberships(self, entries: list[dict], origin: str) -> None:
        for entry in entries:
            self.where = f"{origin}: membership {entry.get('member')} in {entry.get('organisation')}"
            self.upsert(
                Membership,
                {"member": self.actor(entry["member"]), "organisation": self.actor(entry["organisation"])},
                {
                    "start_year": int(entry["start"][:4]) if entry.get("start") else None,
                    "end_year": int(entry["end"][:4]) if entry.get("end") else None,
                    "locator": entry.get("locator") or "",
                },
            )

    def load_instruments(self, entries: list[dict], origin: str) -> None:
        for entry in entries:
            self.where = f"{origin}: instrument '{entry.get('slug')}'"
            self.upsert(
                Instrument,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "category": entry["category"],
                    "nature": entry["nature"],
                    "prevention_type": entry["prevention_type"],
                    "description": entry.get("description") or "",
                    "examples": entry.get("examples") or "",
                    "effectiveness": entry.get("effectiveness") or "",
                    "locator": entry.get("locator") or "",
                    "status": entry.get("status", PublicationStatus.PUBLISHED),
                },
            )

    def load_capabilities(self, entries: list[dict], origin: str) -> None:
        for entry in entries:
            self.where = f"{origin}: capability {entry.get('actor')} / {entry.get('instrument')}"
            self.upsert(
                Capability,
                {"actor": self.actor(entry["actor"]), "instrument": self.instrument(entry["instrument"])},
                {"note": entry.get("note") or "", "locator": entry.get("locator") or ""},
            )

    def load_sources(self, entries: list[dict], origin: str) -> None:
        for entry in entries:
            self.where = f"{origin}: source '{entry.get('key')}'"
            date, precision = self.partial_date(entry.get("date"), "date")
            self.upsert(
                Source,
                {"key": entry["key"]},
                {
                    "kind": entry["kind"],
                    "symbol": entry.get("symbol") or "",
                    "title": entry["title"],
                    "issuer_id": self.actor(entry["issuer"]).pk if entry.get("issuer") else None,
                    "date": date,
                    "date_precision": precision,
                    "url": entry.get("url") or "",
                },
            )

    def load_hypotheses(self, entries: list[dict], origin: str) -> None:
        for entry in entries:
            self.where = f"{origin}: hypothesis '{entry.get('code')}'"
            self.upsert(
                Hypothesis,
                {"code": entry["code"]},
                {
                    "kind": entry["kind"],
                    "order": entry.get("order", 0),
                    "statement": entry["statement"],
                    "quote": entry.get("quote") or "",
                    "locator": entry.get("locator") or "",
                    "conclusion": entry.get("conclusion") or "",
                },
            )

    def sync_citations(self, subject_field: str, subject, entries: list[dict]) -> None:
        existing = list(Citation.objects.filter(**{subject_field: subject}))
        for row in existing:
            row._sync_key = (row.source_id, row.locator, row.quote)
        wanted = {}
        for entry in entries:
            source = self.source(entry["source"])
            values = {"source": source, "locator": entry["locator"], "quote": entry.get("quote") or ""}
            wanted[(source.pk, values["locator"], values["quote"])] = {subject_field: subject, **values}
        self.sync_rows(Citation, existing, wanted)

    def load_case(self, document: dict, origin: str) -> None:
        data = document["case"]
        self.where = f"{origin}: case '{data.get('slug')}'"
        start, start_precision = self.partial_date(data.get("period_start"), "period_start")
        end, end_precision = self.partial_date(data.get("period_end"), "period_end")
        case = self.upsert(
            CaseStudy,
            {"slug": data["slug"]},
            {
                "title": data["title"],
                "country": data["country"],
                "period_start": start,
                "period_start_precision": start_precision,
                "period_end": end,
                "period_end_precision": end_precision,
                "situation_type": data["situation_type"],
                "summary": data.get("summary") or "",
                "internal_context": data.get("internal_context") or "",
                "international_context": data.get("international_context") or "",
                "results_and_evaluation": data.get("results_and_evaluation") or "",
                "locator": data.get("locator") or "",
                "status": data.get("status", PublicationStatus.PUBLISHED),
            },
        )
        phases = {}
        for entry in document.get("phases", []):
            self.where = f"{origin}: phase '{entry.get('slug')}'"
            start, start_precision = self.partial_date(entry.get("start"), "start")
            end, end_precision = self.partial_date(entry.get("end"), "end")
            phases[entry["slug"]] = self.upsert(
                Phase,
                {"case": case, "slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "start_date": start,
                    "start_precision": start_precision,
                    "end_date": end,
                    "end_precision": end_precision,
                    "description": entry.get("description") or "",
                },
            )
        for entry in document.get("events", []):
            self.load_event(case, phases, entry, origin)
        for entry in document.get("figures", []):
            self.load_figure(case, entry, origin)
        for entry in document.get("factor_assessments", []):
            self.where = f"{origin}: factor assessment '{entry.get('factor')}'"
            assessment = self.upsert(
                FactorAssessment,
                {"case": case, "factor": entry["factor"]},
                {"rating": entry["rating"], "justification": entry["justification"]},
            )
            self.sync_citations("factor_assessment", assessment, entry.get("sources", []))
        for entry in document.get("hypothesis_findings", []):
            self.load_finding(case, entry, origin)

    def load_event(self, case: CaseStudy, phases: dict, entry: dict, origin: str) -> None:
        self.where = f"{origin}: event '{entry.get('key')}'"
        date, precision = self.partial_date(entry.get("date"), "date")
        end, end_precision = self.partial_date(entry.get("end_date"), "end_date")
        if entry.get("date_precision") and entry["date_precision"] != precision:
            raise FixtureError(
                f"{self.where}: date '{entry['date']}' has {precision} precision "
                f"but date_precision says {entry['date_precision']}"
            )
        phase_slug = entry.get("phase")
        if phase_slug and phase_slug not in phases:
            raise FixtureError(f"{self.where}: unknown phase '{phase_slug}'")
        event = self.upsert(
            Event,
            {"key": entry["key"]},
            {
                "case": case,
                "phase": phases.get(phase_slug) if phase_slug else None,
                "date": date,
                "date_precision": precision,
                "end_date": end,
                "end_date_precision": end_precision,
                "title": entry["title"],
                "description": entry.get("description") or "",
                "event_type": entry["event_type"],
                "editor_note": entry.get("editor_note") or "",
                "status": entry.get("status", PublicationStatus.PUBLISHED),
            },
        )
        existing = list(event.actor_links.all())
        for row in existing:
            row._sync_key = (row.actor_id, row.role)
        wanted = {}
        for link in entry.get("actors", []):
            actor = self.actor(link["actor"])
            wanted[(actor.pk, link["role"])] = {"event": event, "actor": actor, "role": link["role"]}
        self.sync_rows(EventActor, existing, wanted)

        existing = list(event.instrument_uses.all())
        for row in existing:
            row._sync_key = (row.instrument_id, row.actor_id)
        wanted = {}
        for use in entry.get("instruments", []):
            instrument, actor = self.instrument(use["instrument"]), self.actor(use["actor"])
            wanted[(instrument.pk, actor.pk)] = {"event": event, "instrument": instrument, "actor": actor}
        self.sync_rows(InstrumentUse, existing, wanted)
        self.sync_citations("event", event, entry.get("sources", []))

    def load_figure(self, case: CaseStudy, entry: dict, origin: str) -> None:
        self.where = f"{origin}: figure '{entry.get('key')}'"
        date, precision = self.partial_date(entry.get("date"), "date")
        figure = self.upsert(
            Figure,
            {"key": entry["key"]},
            {
                "case": case,
                "label": entry["label"],
                "kind": entry["kind"],
                "value": _decimal(entry["value"]),
                "value_max": _decimal(entry.get("value_max")),
                "unit": entry.get("unit") or "",
                "date": date,
                "date_precision": precision if date else "year",
                "editor_note": entry.get("editor_note") or "",
            },
        )
        self.sync_citations("figure", figure, entry.get("sources", []))

    def load_finding(self, case: CaseStudy, entry: dict, origin: str) -> None:
        self.where = f"{origin}: finding on '{entry.get('hypothesis')}'"
        hypothesis = Hypothesis.objects.filter(code=entry["hypothesis"]).first()
        if hypothesis is None:
            raise FixtureError(f"{self.where}: unknown hypothesis '{entry['hypothesis']}'")
        finding = self.upsert(
            HypothesisFinding,
            {"hypothesis": hypothesis, "case": case},
            {"verdict": entry["verdict"], "rationale": entry["rationale"], "locator": entry.get("locator") or ""},
        )
        wanted_keys = set(entry.get("evidence", []))
        events = {event.key: event for event in Event.objects.filter(key__in=wanted_keys)}
        missing = wanted_keys - events.keys()
        if missing:
            raise FixtureError(f"{self.where}: unknown evidence events {sorted(missing)}")
        if set(finding.evidence.values_list("key", flat=True)) != wanted_keys:
            finding.evidence.set(events.values())
            if (HypothesisFinding._meta.label, finding.pk) not in self._created:
                self.report.count(self.report.updated, HypothesisFinding)


def _read(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise FixtureError(f"{path.name}: cannot read JSON: {error}") from None
    if not isinstance(document, dict):
        raise FixtureError(f"{path.name}: the top level must be a JSON object")
    return document


def load_fixtures(directory: Path = FIXTURES_DIR) -> LoadReport:
    """Load every fixture file in `directory` in one transaction; raise FixtureError on the first problem."""
    shared = {name: _read(directory / name) for name in ("actors.json", "instruments.json", "sources.json")}
    framework_path = directory / "framework.json"
    framework = _read(framework_path) if framework_path.exists() else {}
    cases = {path.name: _read(path) for path in sorted((directory / "cases").glob("*.json"))}
    loader = Loader()
    try:
        with transaction.atomic():
            loader.load_actors(shared["actors.json"].get("actors", []), "actors.json")
            for name, document in cases.items():
                loader.load_actors(document.get("actors", []), f"cases/{name}")
            loader.load_memberships(shared["actors.json"].get("memberships", []), "actors.json")
            loader.load_instruments(shared["instruments.json"].get("instruments", []), "instruments.json")
            for name, document in cases.items():
                loader.load_instruments(document.get("instruments", []), f"cases/{name}")
            loader.load_capabilities(shared["instruments.json"].get("capabilities", []), "instruments.json")
            loader.load_sources(shared["sources.json"].get("sources", []), "sources.json")
            for name, document in cases.items():
                loader.load_sources(document.get("sources", []), f"cases/{name}")
            loader.load_hypotheses(framework.get("hypotheses", []), "framework.json")
            for name, document in cases.items():
                loader.load_case(document, f"cases/{name}")
    except KeyError as error:
        raise FixtureError(f"{loader.where}: missing required field {error}") from None
    except IntegrityError as error:
        raise FixtureError(f"{loader.where}: conflicts with the database's rules: {error}") from None
    return loader.report
