"""Read paths for cases, events, sources and hypotheses: querysets declared once, used by the API and the pages."""

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from actors.models import Actor
from atrocity.content import PublicationStatus
from atrocity.visibility import can_see_drafts, visible_to
from cases.models import (
    CaseActorTally,
    CaseCategoryTally,
    CaseEventTally,
    CaseInstrumentTally,
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
from instruments.models import Instrument

PUBLISHED = PublicationStatus.PUBLISHED


def _count(queryset: QuerySet, group_by: str, counted: str) -> Coalesce:
    """A correlated COUNT(DISTINCT counted) of queryset rows per case, as an annotation (0 when none)."""
    counts = (
        queryset.filter(**{group_by: OuterRef("pk")})
        .order_by()
        .values(group_by)
        .annotate(n=Count(counted, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def reads_case_statistics(user=None) -> bool:
    """Whether this user's case counts can come from the tallies PostgreSQL keeps on write (migration 0006).

    The tallies count what the public sees. Whoever may see any draft gets live counts, as does SQLite, which has
    no triggers (small development databases count fast enough).
    """
    return connection.vendor == "postgresql" and not any(
        can_see_drafts(user, model) for model in (CaseStudy, Event, Actor, Instrument)
    )


def cases_for_listing(user=None) -> QuerySet[CaseStudy]:
    """Cases with the number of their visible events, actors and instruments."""
    if reads_case_statistics(user):
        tally = CaseEventTally.objects.filter(case=OuterRef("pk"))
        counts = {
            f"{name}_count": Coalesce(Subquery(tally.values(f"{name}s"), output_field=IntegerField()), Value(0))
            for name in ("event", "actor", "instrument")
        }
    else:
        events = visible_to(Event.objects.all(), user)
        counts = {
            "event_count": _count(events, "case", "pk"),
            "actor_count": _count(EventActor.objects.filter(event__in=events), "event__case", "actor"),
            "instrument_count": _count(InstrumentUse.objects.filter(event__in=events), "event__case", "instrument"),
        }
    return visible_to(CaseStudy.objects.all(), user).annotate(**counts).order_by("period_start", "title", "id")


def cases_for_detail(user=None) -> QuerySet[CaseStudy]:
    """Cases with counts, phases, figures and the five-factor assessments with their sources."""
    citations = Citation.objects.select_related("source__issuer").order_by("id")
    return cases_for_listing(user).prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("start_date", "id")),
        Prefetch(
            "figures",
            queryset=Figure.objects.order_by("kind", "date", "id").prefetch_related(
                Prefetch("citations", queryset=citations)
            ),
        ),
        Prefetch(
            "factor_assessments",
            queryset=FactorAssessment.objects.order_by("factor").prefetch_related(
                Prefetch("citations", queryset=citations)
            ),
        ),
    )


def visible_event_links(user=None) -> tuple[QuerySet[EventActor], QuerySet[InstrumentUse]]:
    """The actor links and instrument uses of events this user may see, in id order."""
    actor_links = EventActor.objects.order_by("id")
    instrument_uses = InstrumentUse.objects.order_by("id")
    if not can_see_drafts(user, Actor):
        # A published event does not reveal draft actors or instruments linked to it.
        actor_links = actor_links.filter(actor__status=PUBLISHED)
        instrument_uses = instrument_uses.filter(instrument__status=PUBLISHED, actor__status=PUBLISHED)
    return actor_links, instrument_uses


def events_in_order(user=None) -> QuerySet[Event]:
    """The events this user may see, in date order: what every event list filters and pages."""
    return visible_to(Event.objects.all(), user).order_by("date", "id")


def events_for_listing(user=None) -> QuerySet[Event]:
    """Events with everything a row shows (case, phase, actors, instruments, sources) in a fixed number of queries."""
    actor_links, instrument_uses = visible_event_links(user)
    actor_links = actor_links.select_related("actor")
    instrument_uses = instrument_uses.select_related("instrument", "actor")
    return (
        events_in_order(user)
        .select_related("case", "phase")
        .prefetch_related(
            Prefetch("actor_links", queryset=actor_links),
            Prefetch("instrument_uses", queryset=instrument_uses),
            Prefetch("citations", queryset=Citation.objects.select_related("source__issuer").order_by("id")),
        )
    )


def sources_for_listing() -> QuerySet[Source]:
    """Sources with their issuer (the citation string needs it)."""
    return Source.objects.select_related("issuer").order_by("kind", "date", "title", "id")


def hypotheses_for_listing(user=None) -> QuerySet[Hypothesis]:
    """Hypotheses with each visible case's finding and the visible events that are its evidence."""
    findings = (
        HypothesisFinding.objects.filter(case__in=visible_to(CaseStudy.objects.all(), user))
        .select_related("case")
        .prefetch_related(Prefetch("evidence", queryset=visible_to(Event.objects.all(), user).order_by("date", "id")))
        .order_by("case__period_start", "case__title")
    )
    return Hypothesis.objects.prefetch_related(Prefetch("findings", queryset=findings)).order_by("kind", "order", "id")


# Read paths of the public pages (case, event, compare).


def events_for_detail(user=None) -> QuerySet[Event]:
    """Events as a list row shows them, plus the hypothesis findings that cite them as evidence."""
    findings = HypothesisFinding.objects.filter(case__in=visible_to(CaseStudy.objects.all(), user)).select_related(
        "hypothesis"
    )
    return events_for_listing(user).prefetch_related(Prefetch("hypothesis_findings", queryset=findings))


def neighbouring_events(event: Event, user=None) -> tuple[Event | None, Event | None]:
    """The events just before and just after this one in its case's timeline."""
    same_case = visible_to(Event.objects.all(), user).filter(case_id=event.case_id).only("id", "title", "date")
    before = Q(date__lt=event.date) | Q(date=event.date, id__lt=event.pk)
    after = Q(date__gt=event.date) | Q(date=event.date, id__gt=event.pk)
    previous = same_case.filter(before).order_by("-date", "-id").first()
    following = same_case.filter(after).order_by("date", "id").first()
    return previous, following


def case_filter_choices(case: CaseStudy, user=None) -> dict[str, list[tuple[str, str]]]:
    """The actors and instruments that appear in a case, as (slug, name) choices for its event filters."""
    if reads_case_statistics(user):
        actor_ids = CaseActorTally.objects.filter(case=case, case__status=PUBLISHED).values("actor")
        actors = Actor.objects.published().filter(pk__in=actor_ids)
        instrument_ids = CaseInstrumentTally.objects.filter(case=case, case__status=PUBLISHED).values("instrument")
        instruments = Instrument.objects.published().filter(pk__in=instrument_ids)
    else:
        events = visible_to(Event.objects.all(), user).filter(case=case)
        actors = visible_to(Actor.objects.all(), user).filter(
            Q(pk__in=EventActor.objects.filter(event__in=events).values("actor"))
            | Q(pk__in=InstrumentUse.objects.filter(event__in=events).values("actor"))
        )
        instruments = Instrument.objects.filter(
            pk__in=InstrumentUse.objects.filter(event__in=events).values("instrument")
        )
        if not can_see_drafts(user, Instrument):
            instruments = instruments.filter(status=PUBLISHED)
    return {
        "actors": list(actors.order_by("name").values_list("slug", "name")),
        "instruments": list(instruments.order_by("name").values_list("slug", "name")),
    }


def event_counts_by_case_and_category(user=None) -> dict[tuple[int, str], int]:
    """How many visible events of each case applied an instrument of each category (one query)."""
    if reads_case_statistics(user):
        rows = CaseCategoryTally.objects.filter(case__status=PUBLISHED).values_list("case_id", "category", "events")
        return {(case_id, category): events for case_id, category, events in rows}
    rows = (
        InstrumentUse.objects.filter(event__in=visible_to(Event.objects.all(), user))
        .values("event__case_id", "instrument__category")
        .annotate(n=Count("event", distinct=True))
        .order_by()
    )
    return {(row["event__case_id"], row["instrument__category"]): row["n"] for row in rows}


def actors_across_cases(user=None, min_cases: int = 2) -> list[tuple[Actor, dict[int, int]]]:
    """Actors taking part in (or applying instruments in) events of several cases, with event counts per case."""
    per_actor: dict[int, dict[int, int]] = {}
    if reads_case_statistics(user):
        tallies = CaseActorTally.objects.filter(case__status=PUBLISHED)
        several = tallies.values("actor").annotate(cases=Count("case")).filter(cases__gte=min_cases).values("actor")
        for actor_id, case_id, events in tallies.filter(actor__in=several).values_list("actor_id", "case_id", "events"):
            per_actor.setdefault(actor_id, {})[case_id] = events
    else:
        events = visible_to(Event.objects.all(), user)
        event_sets: dict[int, dict[int, set[int]]] = {}
        for model in (EventActor, InstrumentUse):
            pairs = model.objects.filter(event__in=events).values_list("actor_id", "event__case_id", "event_id")
            for actor_id, case_id, event_id in pairs:
                event_sets.setdefault(actor_id, {}).setdefault(case_id, set()).add(event_id)
        for actor_id, cases in event_sets.items():
            if len(cases) >= min_cases:
                per_actor[actor_id] = {case_id: len(ids) for case_id, ids in cases.items()}
    actors = visible_to(Actor.objects.all(), user).filter(pk__in=list(per_actor)).order_by("name")
    return [(actor, per_actor[actor.pk]) for actor in actors]


def factor_assessments_by_case(user=None) -> dict[tuple[int, str], FactorAssessment]:
    """Every visible case's five-factor assessments, keyed by (case id, factor)."""
    assessments = FactorAssessment.objects.filter(case__in=visible_to(CaseStudy.objects.all(), user))
    return {(row.case_id, row.factor): row for row in assessments}


# What the deletions feed reports: each publicly addressable model, its API type name and the field it is addressed by.
SYNCED_MODELS = [
    ("case", CaseStudy, "slug"),
    ("event", Event, "id"),
    ("actor", Actor, "slug"),
    ("instrument", Instrument, "slug"),
    ("source", Source, "key"),
    ("hypothesis", Hypothesis, "code"),
]


def deletions_since(since) -> list[dict]:
    """Records the public could see that were deleted or unpublished at or after `since`, oldest first.

    Read from the change history (django-simple-history), one query per model: a deletion of a record that was
    public, or an edit that took a published record's status away from `published`.
    """
    changes = []
    for type_name, model, identifier in SYNCED_MODELS:
        history = model.history.model.objects.filter(history_date__gte=since)
        publishable = any(field.name == "status" for field in model._meta.fields)
        if publishable:
            previous_status = (
                model.history.model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
                .order_by("-history_date", "-history_id")
                .values("status")[:1]
            )
            history = history.annotate(previous_status=Subquery(previous_status)).filter(
                Q(history_type="-", status=PUBLISHED)
                | Q(history_type="~", previous_status=PUBLISHED) & ~Q(status=PUBLISHED)
            )
        else:
            history = history.filter(history_type="-")
        for row in history.values("id", identifier, "history_type", "history_date"):
            changes.append(
                {
                    "type": type_name,
                    "id": row["id"],
                    "identifier": str(row[identifier]),
                    "change": "deleted" if row["history_type"] == "-" else "unpublished",
                    "at": row["history_date"],
                }
            )
    return sorted(changes, key=lambda change: (change["at"], change["type"], change["id"]))
