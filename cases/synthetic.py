"""A deterministic, realistic synthetic corpus for benchmarks, and its exact removal.

Everything it creates is marked: case, actor, instrument and phase slugs, event keys and source keys start with
`synthetic-` (the corpus's own source has the key `synthetic`), and case and event titles start with
"[Synthetic]". The shape follows real event datasets: case sizes follow a Zipf law (a few cases hold tens of
thousands of events), actors form deep hierarchies (below `united-nations` when it exists, so descendant queries
are exercised), each event has 1-5 actors, 0-3 instruments and 1-3 sources, popular actors and sources recur far
more than others, and dates come at day, month and year precision.

Rows are inserted with `bulk_create` in large batches and their history with simple-history's
`bulk_history_create`, so nothing escapes the change history. The same seed gives the same corpus (the same
keys, titles, dates and links); only database ids and timestamps differ.
"""

import datetime
import itertools
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from actors.models import Actor, ActorKind
from atrocity.content import PublicationStatus
from atrocity.dates import DatePrecision
from cases.models import (
    ActorRole,
    CaseStudy,
    Citation,
    Event,
    EventActor,
    EventType,
    InstrumentUse,
    Phase,
    SituationType,
    Source,
    SourceKind,
)
from instruments.models import Instrument, InstrumentCategory, Nature, PreventionType

PREFIX = "synthetic-"
CORPUS_SOURCE_KEY = "synthetic"
TITLE_MARK = "[Synthetic]"
CHANGE_REASON = "synthetic corpus (generate_synthetic_data)"
UNITED_NATIONS = "united-nations"
PUBLISHED = PublicationStatus.PUBLISHED

# Rows per INSERT statement and events generated per transaction: large enough to amortise round trips,
# small enough that a chunk with its links and history stays well under 100 MB of Python objects.
BATCH_SIZE = 5000
EVENT_CHUNK = 20000

MAX_ACTOR_DEPTH = 7
ACTORS_PER_EVENT = {1: 35, 2: 30, 3: 18, 4: 11, 5: 6}
INSTRUMENTS_PER_EVENT = {0: 30, 1: 40, 2: 20, 3: 10}
SOURCES_PER_EVENT = {1: 50, 2: 35, 3: 15}
PRECISIONS = {DatePrecision.DAY: 70, DatePrecision.MONTH: 20, DatePrecision.YEAR: 10}
EVENT_TYPES = {
    EventType.STATEMENT: 18,
    EventType.REPORT: 14,
    EventType.ARMED_CONFLICT: 12,
    EventType.ATROCITY: 9,
    EventType.RESOLUTION: 8,
    EventType.MEDIATION: 7,
    EventType.MISSION: 6,
    EventType.POLITICAL: 6,
    EventType.HUMANITARIAN: 5,
    EventType.SANCTION: 4,
    EventType.AGREEMENT: 3,
    EventType.JUDICIAL: 3,
    EventType.ELECTION: 2,
    EventType.INSTITUTIONAL: 2,
    EventType.MILITARY_INTERVENTION: 1,
}
ROLES = {
    ActorRole.INITIATOR: 40,
    ActorRole.PARTICIPANT: 20,
    ActorRole.SUPPORTER: 10,
    ActorRole.TARGET: 8,
    ActorRole.MEDIATOR: 6,
    ActorRole.OPPONENT: 5,
    ActorRole.OBSERVER: 5,
    ActorRole.PERPETRATOR: 3,
    ActorRole.VICTIM: 2,
    ActorRole.ABSTAINER: 1,
}
COUNTRIES = ["BI", "CD", "CF", "CI", "CO", "ET", "GE", "GN", "IQ", "KE", "KG", "LK", "ML", "MM", "NG", "SD", "SO"]
COUNTRIES += ["SS", "SY", "TD", "TL", "UA", "YE", "ZW", "AF", "BA", "HT", "LR", "SL", "NP"]
REGIONS = ["North", "South", "East", "West", "Central", "Coastal", "Highland", "Border", "Lake", "River"]
TOPICS = [
    "ceasefire",
    "arms embargo",
    "humanitarian access",
    "refugee return",
    "electoral violence",
    "detention of opposition leaders",
    "attacks on civilians",
    "hate speech on radio",
    "power-sharing",
    "disarmament of militias",
    "protection of minorities",
    "freedom of the press",
    "sexual violence",
    "forced displacement",
    "constitutional reform",
    "transitional justice",
    "border security",
    "food insecurity",
    "child soldiers",
    "political prisoners",
]
VERBS = {
    EventType.STATEMENT: ["condemns", "calls for", "expresses concern about", "welcomes progress on"],
    EventType.REPORT: ["reports on", "warns of", "documents", "publishes an assessment of"],
    EventType.ARMED_CONFLICT: ["launches an offensive amid", "clashes over", "shells positions during"],
    EventType.ATROCITY: ["is accused of", "carries out killings linked to", "attacks villages during"],
    EventType.RESOLUTION: ["adopts a resolution on", "extends its mandate on", "decides on"],
    EventType.MEDIATION: ["mediates talks on", "hosts negotiations on", "sends an envoy about"],
    EventType.MISSION: ["sends a fact-finding mission on", "visits the region about", "deploys observers for"],
    EventType.POLITICAL: ["decrees measures on", "reshuffles the government over", "suspends parliament over"],
    EventType.HUMANITARIAN: ["delivers aid for", "opens a corridor for", "appeals for funds for"],
    EventType.SANCTION: ["imposes sanctions over", "renews sanctions over", "lifts sanctions tied to"],
    EventType.AGREEMENT: ["signs an agreement on", "initials a protocol on"],
    EventType.JUDICIAL: ["opens an inquiry into", "issues an arrest warrant over", "rules on"],
    EventType.ELECTION: ["holds a disputed vote amid", "postpones elections over"],
    EventType.INSTITUTIONAL: ["creates a commission on", "establishes an office for"],
    EventType.MILITARY_INTERVENTION: ["authorises a protection force for", "deploys peacekeepers for"],
}
_FILLER_TEXT = (
    "the council the mission the government the rebels the population observers reported that members agreed "
    "following weeks of talks despite repeated warnings in the capital and the provinces officials said envoys "
    "urged restraint while fighting continued aid agencies noted a sharp rise in needs the parties committed to "
    "dialogue the commission recommended further monitoring the delegation met community leaders"
)
FILLER = _FILLER_TEXT.split()
OFFICE_NAMES = ["Department", "Division", "Office", "Section", "Unit", "Team", "Cell", "Desk", "Panel", "Committee"]
ROOT_NAMES = ["Council", "Assembly", "Agency", "Programme", "Commission", "Alliance", "Union", "Forum", "Network"]


@dataclass
class SyntheticReport:
    """What a generation or a removal did, for the command's output and for tests."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number

    def summary(self) -> str:
        parts = ", ".join(f"{number} {name}" for name, number in self.counts.items())
        return f"{parts} in {self.seconds:.1f} s"


@dataclass
class _Pools:
    """The synthetic actors, instruments and sources events draw from, with Zipf cumulative weights."""

    actor_ids: list[int]
    actor_weights: list[float]
    instrument_ids: list[int]
    instrument_weights: list[float]
    source_ids: list[int]
    source_weights: list[float]


def _cumulative(weights: dict) -> tuple[list, list[float]]:
    """Keys and cumulative weights for random.choices(cum_weights=...), the fast way to draw many times."""
    return list(weights), list(itertools.accumulate(weights.values()))


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    """Cumulative Zipf weights: item i is drawn about 1/(i+1)^exponent as often as the first."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


PRECISION_TABLE = _cumulative(PRECISIONS)


def _pick(rng: random.Random, table: tuple[list, list[float]]):
    """One value from a (keys, cumulative weights) table."""
    return rng.choices(table[0], cum_weights=table[1])[0]


def _distinct(rng: random.Random, ids: list[int], cum_weights: list[float], wanted: int) -> list[int]:
    """`wanted` different ids drawn by weight (popular ones first), fewer only when the pool is smaller."""
    wanted = min(wanted, len(ids))
    chosen: list[int] = []
    while len(chosen) < wanted:
        for candidate in rng.choices(ids, cum_weights=cum_weights, k=wanted * 2):
            if candidate not in chosen:
                chosen.append(candidate)
                if len(chosen) == wanted:
                    break
    return chosen


def split_events(total: int, cases: int) -> list[int]:
    """Events per case following a Zipf law, summing exactly to `total` (largest remainders)."""
    weights = [1 / (rank + 1) ** 1.1 for rank in range(cases)]
    scale = total / sum(weights)
    shares = [weight * scale for weight in weights]
    sizes = [int(share) for share in shares]
    by_remainder = sorted(range(cases), key=lambda index: sizes[index] - shares[index])
    for index in by_remainder[: total - sum(sizes)]:
        sizes[index] += 1
    return sizes


def _save(model: type[Model], objects: list, report: SyntheticReport, now: datetime.datetime) -> list:
    """Insert rows and their `+` history records in batches; returns the rows with their new ids."""
    if not objects:
        return objects
    created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    model.history.bulk_history_create(
        created, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON, default_date=now
    )
    report.add(model._meta.verbose_name_plural, len(created))
    return created


def _partial_date(rng: random.Random, start: datetime.date, days: int) -> tuple[datetime.date, str]:
    """A date within `days` of `start`, truncated to the first day of its period for its precision."""
    day = start + datetime.timedelta(days=rng.randrange(max(days, 1)))
    precision = _pick(rng, PRECISION_TABLE)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1), precision
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1), precision
    return day, precision


class SyntheticCorpus:
    """Generates one corpus: call `generate()`; the seed fixes everything but ids and timestamps."""

    def __init__(self, cases: int, events: int, seed: int, progress: Callable[[str], None] | None = None):
        self.case_count = max(cases, 1)
        self.event_count = max(events, 0)
        self.seed = seed
        self.rng = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.now = timezone.now()
        self.report = SyntheticReport()
        self.actor_count = min(1200, max(60, 40 + self.event_count // 1000))
        self.source_count = min(5000, max(30, self.event_count // 200))

    def generate(self, jobs: int = 1) -> SyntheticReport:
        """Create actors, instruments, sources, cases with phases, then the events with their links."""
        started = time.monotonic()
        with transaction.atomic():
            pools = _Pools(*self._actors(), *self._instruments(), *self._sources())
            cases = self._cases()
        self._events(cases, pools, jobs)
        self.report.seconds = time.monotonic() - started
        return self.report

    # --- Actors: deep trees, below the United Nations when it exists.

    def _actor_specs(self, has_un: bool) -> list[dict]:
        """Actor descriptions with their parent's index; the first chain goes MAX_ACTOR_DEPTH levels deep."""
        specs: list[dict] = []
        for index in range(self.actor_count):
            if index < MAX_ACTOR_DEPTH:
                parent = index - 1 if index else None  # one guaranteed deep chain
            elif self.rng.random() < 0.65:
                # The deepest of a few random actors: trees grow deep rather than wide.
                parent = max(self.rng.sample(range(len(specs)), 5), key=lambda i: specs[i]["depth"])
                parent = parent if specs[parent]["depth"] < MAX_ACTOR_DEPTH else None
            else:
                parent = None
            if parent is not None:
                depth, under_un = specs[parent]["depth"] + 1, specs[parent]["under_un"]
            else:
                depth, under_un = 1, has_un and (index == 0 or self.rng.random() < 0.5)
            specs.append({"index": index, "parent": parent, "depth": depth, "under_un": under_un})
        return specs

    def _actor(self, spec: dict) -> Actor:
        index, region = spec["index"], self.rng.choice(REGIONS)
        topic = self.rng.choice(TOPICS)
        if spec["parent"] is None:
            name = f"{region} {self.rng.choice(ROOT_NAMES)} for {topic.capitalize()} {index}"
            kind = (
                ActorKind.UN_ORGAN
                if spec["under_un"]
                else self.rng.choice(
                    [ActorKind.STATE, ActorKind.REGIONAL_ORG, ActorKind.NGO, ActorKind.INTERNATIONAL_ORG]
                )
            )
        else:
            name = f"{self.rng.choice(OFFICE_NAMES)} for {topic.capitalize()} ({region}) {index}"
            kind = ActorKind.UN_OFFICE if spec["under_un"] else ActorKind.NATIONAL_BODY
        return Actor(
            name=f"{TITLE_MARK} {name}",
            slug=f"{PREFIX}actor-{index:05d}",
            short_name=f"SYN{index}",
            kind=kind,
            status=PUBLISHED,
            description="Synthetic actor generated for benchmarks.",
        )

    def _actors(self) -> tuple[list[int], list[float]]:
        """Insert the actor trees level by level (a parent needs its id before its children)."""
        un = Actor.objects.filter(slug=UNITED_NATIONS).values_list("id", flat=True).first()
        specs = self._actor_specs(un is not None)
        actors = [self._actor(spec) for spec in specs]
        for depth in range(1, MAX_ACTOR_DEPTH + 1):
            level = [spec for spec in specs if spec["depth"] == depth]
            for spec in level:
                parent = spec["parent"]
                actors[spec["index"]].parent_id = (
                    actors[parent].pk if parent is not None else (un if spec["under_un"] else None)
                )
            _save(Actor, [actors[spec["index"]] for spec in level], self.report, self.now)
        ids = [actor.pk for actor in actors]
        self.rng.shuffle(ids)  # popularity does not follow depth
        return ids, _zipf_weights(len(ids))

    # --- Instruments and sources.

    def _instruments(self) -> tuple[list[int], list[float]]:
        instruments = []
        for index, (category, topic) in enumerate(itertools.product(InstrumentCategory.values, TOPICS[:8])):
            instruments.append(
                Instrument(
                    name=f"{TITLE_MARK} {category.replace('_', ' ').capitalize()} measure on {topic}",
                    slug=f"{PREFIX}instrument-{index:03d}",
                    category=category,
                    nature=self.rng.choice(Nature.values),
                    prevention_type=self.rng.choice(PreventionType.values),
                    status=PUBLISHED,
                    description="Synthetic instrument generated for benchmarks.",
                )
            )
        ids = [instrument.pk for instrument in _save(Instrument, instruments, self.report, self.now)]
        self.rng.shuffle(ids)
        return ids, _zipf_weights(len(ids), exponent=0.8)

    def _sources(self) -> tuple[list[int], list[float]]:
        sources = [
            Source(
                key=CORPUS_SOURCE_KEY,
                kind=SourceKind.OTHER,
                title=f"{TITLE_MARK} Benchmark corpus made by generate_synthetic_data",
            )
        ]
        kinds = [kind for kind in SourceKind.values if kind != SourceKind.BOOK]
        for index in range(1, self.source_count):
            date, precision = _partial_date(self.rng, datetime.date(1960, 1, 1), 60 * 365)
            kind = self.rng.choice(kinds)
            sources.append(
                Source(
                    key=f"{PREFIX}source-{index:05d}",
                    kind=kind,
                    symbol=f"SYN/{date.year}/{index}" if kind.startswith("un_") else "",
                    title=f"{TITLE_MARK} {kind.replace('_', ' ').capitalize()} on {self.rng.choice(TOPICS)}",
                    date=date,
                    date_precision=precision,
                )
            )
        ids = [source.pk for source in _save(Source, sources, self.report, self.now)]
        return ids, _zipf_weights(len(ids))

    # --- Cases and phases.

    def _case(self, index: int) -> CaseStudy:
        start = datetime.date(self.rng.randrange(1960, 2015), self.rng.randrange(1, 13), 1)
        years = self.rng.randrange(1, 16)
        region = self.rng.choice(REGIONS)
        return CaseStudy(
            title=f"{TITLE_MARK} Crisis in the {region} region {index + 1}",
            slug=f"{PREFIX}case-{index + 1:04d}",
            country=self.rng.choice(COUNTRIES),
            period_start=start,
            period_start_precision=DatePrecision.MONTH,
            period_end=start.replace(year=start.year + years),
            period_end_precision=DatePrecision.MONTH,
            situation_type=self.rng.choice(SituationType.values),
            summary=f"A synthetic case generated for benchmarks: a crisis over {self.rng.choice(TOPICS)}.",
            status=PUBLISHED,
        )

    def _phases(self, case: CaseStudy) -> list[Phase]:
        """One to four consecutive phases covering the case's period."""
        days = (case.period_end - case.period_start).days
        cuts = sorted(self.rng.sample(range(1, days), min(self.rng.randrange(0, 4), days - 1)))
        bounds = [0, *cuts, days + 1]
        return [
            Phase(
                case=case,
                slug=f"phase-{number + 1}",
                name=f"{TITLE_MARK} Phase {number + 1}",
                start_date=case.period_start + datetime.timedelta(days=bounds[number]),
                end_date=case.period_start + datetime.timedelta(days=bounds[number + 1] - 1),
            )
            for number in range(len(bounds) - 1)
        ]

    def _cases(self) -> list[tuple[CaseStudy, list[Phase], int]]:
        cases = _save(CaseStudy, [self._case(index) for index in range(self.case_count)], self.report, self.now)
        phases = [self._phases(case) for case in cases]
        _save(Phase, [phase for group in phases for phase in group], self.report, self.now)
        sizes = split_events(self.event_count, self.case_count)
        return list(zip(cases, phases, sizes, strict=True))

    def _events(self, cases, pools: _Pools, jobs: int) -> None:
        """Write the events segment by segment, in `jobs` worker processes (or here when jobs is 1)."""
        segments = list(_segments(cases))
        settings = (pools, self.seed, self.now)
        done = 0
        if jobs <= 1:
            _start_worker(*settings)
            results = map(_write_segment, segments)
        else:
            connections.close_all()  # a forked worker must open its own connection, not share the parent's
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker, initargs=settings)
            results = pool.imap_unordered(_write_segment, segments)
        for counts in results:
            for name, number in counts.items():
                self.report.add(name, number)
            done += counts.get(Event._meta.verbose_name_plural, 0)
            self.progress(f"{done} / {self.event_count} events")
        if jobs > 1:
            pool.close()
            pool.join()


# --- Events: generated in segments, each with its own random stream, so workers can write them in parallel and
# the corpus is the same whatever the number of workers.


@dataclass(frozen=True)
class _Segment:
    """Up to EVENT_CHUNK consecutive events of one case."""

    case_index: int
    case_id: int
    case_slug: str
    period_start: datetime.date
    days: int
    phases: tuple[tuple[int, datetime.date, datetime.date], ...]
    first_number: int
    count: int


def _segments(cases) -> Iterator[_Segment]:
    for case_index, (case, phases, size) in enumerate(cases):
        bounds = tuple((phase.pk, phase.start_date, phase.end_date) for phase in phases)
        days = (case.period_end - case.period_start).days
        for first in range(0, size, EVENT_CHUNK):
            count = min(EVENT_CHUNK, size - first)
            yield _Segment(case_index, case.pk, case.slug, case.period_start, days, bounds, first, count)


_WORKER: dict = {}
EVENT_TYPE_TABLE = _cumulative(EVENT_TYPES)
ACTORS_TABLE = _cumulative(ACTORS_PER_EVENT)
INSTRUMENTS_TABLE = _cumulative(INSTRUMENTS_PER_EVENT)
SOURCES_TABLE = _cumulative(SOURCES_PER_EVENT)
ROLE_TABLE = _cumulative(ROLES)


def _start_worker(pools: _Pools, seed: int, now: datetime.datetime) -> None:
    """Pool initializer: what every segment needs, passed once per process rather than once per segment."""
    _WORKER.update(pools=pools, seed=seed, now=now)


def _event(rng: random.Random, segment: _Segment, number: int) -> Event:
    date, precision = _partial_date(rng, segment.period_start, segment.days)
    event_type = _pick(rng, EVENT_TYPE_TABLE)
    topic, verb, region = rng.choice(TOPICS), rng.choice(VERBS[event_type]), rng.choice(REGIONS)
    words = rng.choices(FILLER, k=rng.randrange(12, 40))
    end_date, end_precision = None, DatePrecision.DAY
    if rng.random() < 0.15:
        end_date, end_precision = _partial_date(rng, date + datetime.timedelta(days=366), 400)
    phase_id = next((pk for pk, start, end in segment.phases if start <= date <= end), None)
    return Event(
        key=f"{segment.case_slug}-{number + 1:06d}",
        case_id=segment.case_id,
        phase_id=phase_id,
        date=date,
        date_precision=precision,
        end_date=end_date,
        end_date_precision=end_precision,
        title=f"{TITLE_MARK} {region} actors {verb} {topic}",
        description=f"{' '.join(words).capitalize()}; the {topic} in the {region.lower()} was discussed.",
        event_type=event_type,
        status=PUBLISHED,
    )


def _links(rng: random.Random, pools: _Pools) -> tuple[list, list, list]:
    """An event's (actor, role), (instrument, applying actor) and (source, locator) links."""
    actor_ids = _distinct(rng, pools.actor_ids, pools.actor_weights, _pick(rng, ACTORS_TABLE))
    instrument_ids = _distinct(rng, pools.instrument_ids, pools.instrument_weights, _pick(rng, INSTRUMENTS_TABLE))
    source_ids = _distinct(rng, pools.source_ids, pools.source_weights, _pick(rng, SOURCES_TABLE))
    return (
        [(actor_id, _pick(rng, ROLE_TABLE)) for actor_id in actor_ids],
        [(instrument_id, rng.choice(actor_ids)) for instrument_id in instrument_ids],
        [(source_id, f"p. {rng.randrange(1, 400)}") for source_id in source_ids],
    )


def _write_segment(segment: _Segment) -> dict[str, int]:
    """Generate one segment and insert it with its links and their history, in one transaction."""
    pools, now = _WORKER["pools"], _WORKER["now"]
    rng = random.Random(f"{_WORKER['seed']}:{segment.case_index}:{segment.first_number}")
    numbers = range(segment.first_number, segment.first_number + segment.count)
    specs = [(_event(rng, segment, number), *_links(rng, pools)) for number in numbers]
    report = SyntheticReport()
    with transaction.atomic():
        events = _save(Event, [spec[0] for spec in specs], report, now)
        actor_links, instrument_uses, citations = [], [], []
        for event, (_, actors, instruments, sources) in zip(events, specs, strict=True):
            actor_links += [EventActor(event_id=event.pk, actor_id=a, role=role) for a, role in actors]
            instrument_uses += [InstrumentUse(event_id=event.pk, instrument_id=i, actor_id=a) for i, a in instruments]
            citations += [Citation(event_id=event.pk, source_id=s, locator=locator) for s, locator in sources]
        _save(EventActor, actor_links, report, now)
        _save(InstrumentUse, instrument_uses, report, now)
        _save(Citation, citations, report, now)
    return report.counts


def default_jobs() -> int:
    """Worker processes for the events: one per core on PostgreSQL; SQLite takes one writer at a time."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1  # inside a transaction (a test) workers could not see the cases just created
    return os.cpu_count() or 1


def generate(
    cases: int, events: int, seed: int, progress: Callable[[str], None] | None = None, jobs: int | None = None
) -> SyntheticReport:
    """Generate a synthetic corpus of `cases` cases and `events` events; deterministic for a given seed."""
    if synthetic_cases().exists():
        raise ValueError("A synthetic corpus is already loaded; remove it first (--remove).")
    report = SyntheticCorpus(cases, events, seed, progress).generate(jobs or default_jobs())
    _content_changed()
    _analyze()
    return report


SYNTHETIC_MODELS = (Actor, Instrument, Source, CaseStudy, Phase, Event, EventActor, InstrumentUse, Citation)


def _analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load.

    Without them the planner still believes the tables are nearly empty and picks plans that are fine for a
    hundred rows and disastrous for a million (autovacuum may be off, or not have run yet).
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in SYNTHETIC_MODELS]
    tables += [model.history.model._meta.db_table for model in SYNTHETIC_MODELS]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


# --- Removal: exactly the marked rows, their links and their history; curated content is never touched.


def synthetic_cases() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.filter(slug__startswith=PREFIX)


def _marked(field_name: str, exact: str | None = None) -> Q:
    condition = Q(**{f"{field_name}__startswith": PREFIX})
    return condition | Q(**{field_name: exact}) if exact else condition


def _removal_plan() -> list[tuple[type[Model], Q]]:
    """Each model with the condition naming its synthetic rows, dependents before what they point to."""
    events = Event.objects.filter(case__slug__startswith=PREFIX).values("pk")
    return [
        (Event.hypothesis_findings.through, Q(event_id__in=events)),
        (Citation, Q(event_id__in=events)),
        (InstrumentUse, Q(event_id__in=events)),
        (EventActor, Q(event_id__in=events)),
        (Event, Q(case__slug__startswith=PREFIX)),
        (Phase, Q(case__slug__startswith=PREFIX)),
        (CaseStudy, _marked("slug")),
        (Source, _marked("key", CORPUS_SOURCE_KEY)),
        (Instrument, _marked("slug")),
        (Actor, _marked("slug")),
    ]


def _raw_delete(queryset: QuerySet) -> int:
    """DELETE without loading rows: the ORM's delete() would fetch and signal millions of objects one by one.

    Nothing is lost: the rows deleted are synthetic only and their history goes with them (removal undoes the
    generation rather than recording a million "deleted" entries).
    """
    return queryset._raw_delete(queryset.db)


def remove(progress: Callable[[str], None] | None = None) -> SyntheticReport:
    """Delete every synthetic row, its links and its history; curated rows and their history stay as they are."""
    progress = progress or (lambda message: None)
    report, started = SyntheticReport(), time.monotonic()
    with transaction.atomic():
        plan = _removal_plan()
        # History first: its conditions join the live rows (a historical event's case is the live case).
        for model, condition in plan:
            if hasattr(model, "history"):
                deleted = _raw_delete(model.history.model.objects.filter(condition))
                report.add(f"historical {model._meta.verbose_name_plural}", deleted)
        for model, condition in plan:
            report.add(model._meta.verbose_name_plural, _raw_delete(model.objects.filter(condition)))
            progress(f"removed {model._meta.verbose_name_plural}")
    _content_changed()
    _analyze()
    report.seconds = time.monotonic() - started
    return report


def _content_changed() -> None:
    """Bulk writes send no signals: tell the response cache that every cached answer is now stale."""
    from atrocity.response_cache import bump_generation

    bump_generation()
