"""Queries by actor can include every organ and office below it."""

import pytest

from actors.models import Actor
from tests import factories

pytestmark = pytest.mark.django_db


def _slugs_below(actor: Actor) -> set[str]:
    """The slugs of the actor and every organ and office below it."""
    return set(Actor.objects.filter(pk__in=Actor.objects.descendant_ids([actor.pk])).values_list("slug", flat=True))


def test_descendants_include_organs_at_every_depth(un_system):
    un, council = un_system
    mission = factories.ActorFactory(slug="unamir", parent=council, kind="un_office")
    unrelated = factories.ActorFactory(slug="european-union")
    slugs = _slugs_below(un)
    assert {"united-nations", "united-nations-security-council", "unamir"} <= slugs
    assert unrelated.slug not in slugs
    assert _slugs_below(council) == {council.slug, mission.slug}


def test_descendant_lookup_reads_the_tree_once_per_content_version(un_system, django_assert_num_queries):
    un, council = un_system
    with django_assert_num_queries(2):  # the content version, then the whole tree
        assert Actor.objects.descendant_ids([un.pk]) == {un.pk, council.pk}
    with django_assert_num_queries(1):  # the content version only
        assert Actor.objects.descendant_ids([un.pk]) == {un.pk, council.pk}
    office = factories.ActorFactory(parent=council)  # an edit: a new version, so the tree is read again
    with django_assert_num_queries(2):
        assert Actor.objects.descendant_ids([un.pk]) == {un.pk, council.pk, office.pk}


def test_events_by_actor_include_sub_bodies(libya_resolution_1973, un_system):
    un, _ = un_system
    from cases.models import Event

    below_un = Actor.objects.descendant_ids([un.pk])
    assert libya_resolution_1973 in Event.objects.filter(actors__in=below_un).distinct()


def test_ancestors_walk_up_to_the_root(un_system):
    un, council = un_system
    mission = factories.ActorFactory(slug="unamir", parent=council)
    assert mission.ancestors() == [council, un]
