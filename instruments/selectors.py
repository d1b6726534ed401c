"""Read paths for instruments: querysets ready for a list, a detail page or an endpoint."""

from django.db.models import Count, Q, QuerySet

from atrocity.content import PublicationStatus
from atrocity.visibility import visible_to
from instruments.models import Instrument

PUBLISHED = PublicationStatus.PUBLISHED


def instruments_for_listing(user=None) -> QuerySet[Instrument]:
    """Instruments by category and name."""
    return visible_to(Instrument.objects.all(), user).order_by("category", "name", "id")


def _published_uses(instrument: Instrument):
    return instrument.uses.filter(event__status=PUBLISHED, event__case__status=PUBLISHED)


def cases_using(instrument: Instrument) -> list[dict]:
    """Published cases whose published events applied the instrument: slug, title and number of uses."""
    counts: dict[tuple, int] = {}
    for row in _published_uses(instrument).values_list("event__case__slug", "event__case__title"):
        counts[row] = counts.get(row, 0) + 1
    return [{"slug": slug, "title": title, "uses": n} for (slug, title), n in sorted(counts.items())]


def actors_using(instrument: Instrument) -> list[dict]:
    """Published actors that applied the instrument in published events: slug, name and number of uses."""
    counts: dict[tuple, int] = {}
    uses = _published_uses(instrument).filter(actor__status=PUBLISHED)
    for row in uses.values_list("actor__slug", "actor__name"):
        counts[row] = counts.get(row, 0) + 1
    return [
        {"slug": slug, "name": name, "uses": n} for (slug, name), n in sorted(counts.items(), key=lambda i: i[0][1])
    ]


# Read paths of the public instrument pages; uses are reached through the reverse relation (no import of `cases`).


def instruments_with_use_counts(user=None) -> QuerySet[Instrument]:
    """Visible instruments with the number of published events that applied them."""
    published_events = Q(uses__event__status=PUBLISHED, uses__event__case__status=PUBLISHED)
    return instruments_for_listing(user).annotate(
        event_count=Count("uses__event", filter=published_events, distinct=True)
    )


def uses_of(instrument: Instrument):
    """Each application of the instrument in a published event, with the event, its case and the actor."""
    return (
        _published_uses(instrument)
        .filter(actor__status=PUBLISHED)
        .select_related("event__case", "actor")
        .order_by("event__case__period_start", "event__date", "event_id", "id")
    )


def holders_of(instrument: Instrument):
    """Published actors that have the instrument at their disposal (Part One)."""
    return instrument.capabilities.filter(actor__status=PUBLISHED).select_related("actor").order_by("actor__name")
