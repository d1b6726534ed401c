"""Who acts in prevention: organisations, their organs and offices, states, NGOs, courts, individuals."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atrocity.conditional import content_version
from atrocity.content import ContentQuerySet, PublishableModel, TimeStampedModel


class ActorKind(models.TextChoices):
    UN_ORGAN = "un_organ", _("UN organ")
    UN_OFFICE = "un_office", _("UN official or office")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    REGIONAL_ORG = "regional_org", _("Regional organisation")
    SUBREGIONAL_ORG = "subregional_org", _("Sub-regional organisation")
    STATE = "state", _("State")
    NATIONAL_BODY = "national_body", _("National body")
    NGO = "ngo", _("Non-governmental organisation")
    COURT = "court", _("Court or tribunal")
    ARMED_GROUP = "armed_group", _("Armed group")
    INDIVIDUAL = "individual", _("Individual")
    OTHER = "other", _("Other")


ACTOR_KIND_DEFINITIONS = {
    ActorKind.UN_ORGAN: "A principal or subsidiary organ of the United Nations (Security Council, General "
    "Assembly, Human Rights Council, ...).",
    ActorKind.UN_OFFICE: "A UN official, office, agency, programme or field mission (Secretary-General, High "
    "Commissioner, special adviser, peacekeeping mission).",
    ActorKind.INTERNATIONAL_ORG: "An intergovernmental organisation with global or cross-regional membership.",
    ActorKind.REGIONAL_ORG: "A regional organisation (EU, OSCE, Council of Europe, AU, OAS, ...) or one of its organs.",
    ActorKind.SUBREGIONAL_ORG: "A sub-regional organisation (ECOWAS, ICGLR, SADC, ...) or one of its organs.",
    ActorKind.STATE: "A state acting through its government.",
    ActorKind.NATIONAL_BODY: "A state's own institution: a ministry, army, parliament, election commission.",
    ActorKind.NGO: "A non-governmental organisation.",
    ActorKind.COURT: "An international, regional or national court or tribunal.",
    ActorKind.ARMED_GROUP: "A non-state armed group, militia or rebel movement.",
    ActorKind.INDIVIDUAL: "A person acting in their own name or whose role the book singles out.",
    ActorKind.OTHER: "Any other actor.",
}


# The actor tree as {parent id: [child ids]}, kept per process with the content version it was read at, and the
# descendants found in it so far.
_TREE: dict = {"version": None, "children": {}, "descendants": {}}


def _children_by_parent() -> dict[int | None, list[int]]:
    """The whole (id, parent) table as children lists, read again only after content has changed.

    Reading and indexing a thousand actors took about 2 ms of every request filtered by an actor; every edit makes
    a new content version (atrocity/conditional.py), so a tree is never used after its actors changed.
    """
    version = content_version()
    if _TREE["version"] != version:
        children: dict[int | None, list[int]] = {}
        for actor_id, parent_id in Actor.objects.order_by().values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(actor_id)
        _TREE.update(version=version, children=children, descendants={})
    return _TREE["children"]


def _walk(children: dict[int | None, list[int]], root_ids) -> set[int]:
    """The roots and everything below them in the tree."""
    found: set[int] = set()
    frontier = list(root_ids)
    while frontier:
        actor_id = frontier.pop()
        if actor_id in found:
            continue
        found.add(actor_id)
        frontier.extend(children.get(actor_id, ()))
    return found


class ActorQuerySet(ContentQuerySet):
    def descendant_ids(self, root_ids) -> frozenset[int]:
        """Ids of the given actors and every organ or office below them, however deep.

        One query reads the whole (id, parent) table (`_children_by_parent`); the tree is walked in Python, once per
        content version and set of roots (the UN's 700 organs and offices took half a millisecond). The actor
        table is small (hundreds to a few thousand rows), and this works the same on SQLite and PostgreSQL.
        """
        children = _children_by_parent()
        roots = frozenset(root_ids)
        if roots not in _TREE["descendants"]:
            _TREE["descendants"][roots] = frozenset(_walk(children, roots))
        return _TREE["descendants"][roots]


class Actor(PublishableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, help_text="Stable identifier used in URLs and the API.")
    short_name = models.CharField(max_length=60, blank=True, help_text="Acronym or short name, e.g. UNSC.")
    kind = models.CharField(max_length=20, choices=ActorKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The organisation this actor is an organ or office of.",
    )
    description = models.TextField(blank=True)
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1000), MaxValueValidator(2100)]
    )
    website = models.URLField(blank=True)
    locator = models.CharField(
        max_length=120, blank=True, help_text="Where the book treats this actor, e.g. 'Ch. I, 1.3.1'."
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="actor_not_own_parent",
                violation_error_message="An actor cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.slug])

    def ancestors(self) -> list["Actor"]:
        """Parents up to the root, nearest first; stops at a cycle rather than looping forever."""
        chain, seen, current = [], {self.pk}, self.parent
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.parent
        return chain

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "An actor cannot be its own parent."})
        if self.pk is not None and self.parent_id in Actor.objects.descendant_ids([self.pk]):
            raise ValidationError(
                {"parent": f"{self.parent} is already below {self.name}; choosing it as parent would make a cycle."}
            )


class Membership(TimeStampedModel):
    """A state (or organisation) belonging to an organisation or network, e.g. Côte d'Ivoire in ECOWAS."""

    member = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="members")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    locator = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "organisation"],
                name="membership_unique",
                violation_error_message="This actor is already recorded as a member of that organisation.",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="membership_end_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(member=F("organisation")),
                name="membership_not_self",
                violation_error_message="An actor cannot be a member of itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} in {self.organisation.name}"
