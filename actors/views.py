"""Public actor pages: the actors grouped by kind with their hierarchy, and one actor's record."""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from actors import selectors
from actors.models import ACTOR_KIND_DEFINITIONS, Actor, ActorKind
from atrocity.pages import api_url
from atrocity.visibility import can_see_drafts


@dataclass
class ActorNode:
    actor: Actor
    children: list["ActorNode"] = field(default_factory=list)


def actor_tree(actors: list[Actor]) -> dict[str, list[ActorNode]]:
    """Root actors grouped by kind, each with its organs and offices nested below it, however deep."""
    nodes = {actor.pk: ActorNode(actor) for actor in actors}
    roots: dict[str, list[ActorNode]] = {}
    for node in nodes.values():
        parent = nodes.get(node.actor.parent_id)
        if parent is not None:
            parent.children.append(node)
        else:
            # A parent that is not shown (a draft) leaves its organ at the top level rather than hiding it.
            roots.setdefault(node.actor.kind, []).append(node)
    return roots


def actor_list(request: HttpRequest) -> HttpResponse:
    """Actors grouped by kind, with the hierarchy visible (United Nations, then the Security Council below it)."""
    actors = list(selectors.actors_with_event_counts(request.user))
    roots = actor_tree(actors)
    groups = [
        {"kind": kind, "label": label, "definition": ACTOR_KIND_DEFINITIONS[kind], "nodes": roots[kind]}
        for kind, label in ActorKind.choices
        if kind in roots
    ]
    context = {
        "groups": groups,
        "actor_count": len(actors),
        "api_url": api_url("actors/"),
        "csv_url": api_url("actors/", csv=True),
    }
    return render(request, "actors/actor_list.html", context)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One actor: its place in the hierarchy, its cases, events, instruments applied and sub-bodies."""
    actor = get_object_or_404(
        selectors.actors_for_detail(request.user).select_related("parent__parent__parent"), slug=slug
    )
    drafts_visible = can_see_drafts(request.user, Actor)
    ancestors = [parent for parent in actor.ancestors() if parent.is_published or drafts_visible]
    links = list(selectors.event_links_of(actor))
    events_by_case: dict = {}
    for link in links:
        case_events = events_by_case.setdefault(link.event.case, {})
        case_events.setdefault(link.event, []).append(link.get_role_display())
    # Category labels read from the model behind the reverse relation, so that `actors` imports no other app.
    instrument_model = actor.instrument_uses.model._meta.get_field("instrument").related_model
    category_labels = dict(instrument_model._meta.get_field("category").flatchoices)
    context = {
        "actor": actor,
        "is_draft_preview": not actor.is_published,
        "kind_definition": ACTOR_KIND_DEFINITIONS.get(actor.kind, ""),
        "ancestors": list(reversed(ancestors)),
        "children": list(actor.children.all()),
        "cases": selectors.cases_involving(actor),
        "events_by_case": [
            {"case": case, "events": [{"event": event, "roles": roles} for event, roles in events.items()]}
            for case, events in events_by_case.items()
        ],
        "event_count": len({link.event_id for link in links}),
        "instruments": [
            dict(row, category_label=category_labels.get(row["category"], row["category"]))
            for row in selectors.instruments_applied_by(actor)
        ],
        "capabilities": list(selectors.capabilities_of(actor)),
        "memberships": selectors.memberships_of(actor),
        "api_url": api_url(f"actors/{actor.slug}/"),
        "csv_url": api_url("events/", {"actor": actor.slug}, csv=True),
    }
    return render(request, "actors/actor_detail.html", context)
