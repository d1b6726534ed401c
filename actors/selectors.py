"""Read paths for actors: querysets ready for a list, a detail page or an endpoint, in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from actors.models import Actor
from atrocity.content import PublicationStatus
from atrocity.visibility import visible_to

PUBLISHED = PublicationStatus.PUBLISHED


def actors_for_listing(user=None) -> QuerySet[Actor]:
    """Actors with their parent, alphabetically."""
    return visible_to(Actor.objects.all(), user).select_related("parent").order_by("name", "id")


def actors_for_detail(user=None) -> QuerySet[Actor]:
    """Actors with their parent and visible children."""
    children = visible_to(Actor.objects.all(), user).order_by("name", "id")
    return actors_for_listing(user).prefetch_related(Prefetch("children", queryset=children))


def cases_involving(actor: Actor) -> list[dict]:
    """Published cases in whose published events the actor takes part or applies an instrument: slug and title."""
    rows = set(
        actor.event_links.filter(event__status=PUBLISHED, event__case__status=PUBLISHED).values_list(
            "event__case__slug", "event__case__title"
        )
    ) | set(
        actor.instrument_uses.filter(event__status=PUBLISHED, event__case__status=PUBLISHED).values_list(
            "event__case__slug", "event__case__title"
        )
    )
    return [{"slug": slug, "title": title} for slug, title in sorted(rows, key=lambda row: row[1])]


def instruments_applied_by(actor: Actor) -> list[dict]:
    """Instruments the actor applied in published events, with how many times."""
    counts: dict[tuple, int] = {}
    uses = actor.instrument_uses.filter(
        event__status=PUBLISHED, event__case__status=PUBLISHED, instrument__status=PUBLISHED
    ).values_list("instrument__slug", "instrument__name", "instrument__category")
    for row in uses:
        counts[row] = counts.get(row, 0) + 1
    return [
        {"slug": slug, "name": name, "category": category, "uses": count}
        for (slug, name, category), count in sorted(counts.items(), key=lambda item: item[0][1])
    ]


# Read paths of the public actor pages. Events are reached through reverse relations, so `actors` imports no
# other app.


def actors_with_event_counts(user=None) -> QuerySet[Actor]:
    """Visible actors with the number of published events they take part in."""
    published_events = Q(event_links__event__status=PUBLISHED, event_links__event__case__status=PUBLISHED)
    return actors_for_listing(user).annotate(
        event_count=Count("event_links__event", filter=published_events, distinct=True)
    )


def event_links_of(actor: Actor):
    """The actor's parts in published events, with the event and its case, in date order."""
    return (
        actor.event_links.filter(event__status=PUBLISHED, event__case__status=PUBLISHED)
        .select_related("event__case")
        .order_by("event__case__period_start", "event__date", "event_id", "id")
    )


def capabilities_of(actor: Actor):
    """Published instruments the actor has at its disposal (Part One), whether or not it used them."""
    return actor.capabilities.filter(instrument__status=PUBLISHED).select_related("instrument")


def memberships_of(actor: Actor) -> dict[str, list]:
    """Organisations the actor belongs to, and members it has, both published."""
    return {
        "member_of": list(actor.memberships.filter(organisation__status=PUBLISHED).select_related("organisation")),
        "members": list(actor.members.filter(member__status=PUBLISHED).select_related("member")),
    }
