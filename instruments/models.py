"""The means of prevention, following the book's chapter VI typology, and who holds each of them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from atrocity.content import PublishableModel, TimeStampedModel


class InstrumentCategory(models.TextChoices):
    EARLY_WARNING = "early_warning", _("Early warning")
    DIPLOMATIC = "diplomatic", _("Diplomatic")
    ECONOMIC = "economic", _("Economic")
    LEGAL = "legal", _("Legal")
    MILITARY = "military", _("Military")


class Nature(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    CONFRONTATIONAL = "confrontational", _("Confrontational")
    MIXED = "mixed", _("Mixed")


class PreventionType(models.TextChoices):
    STRUCTURAL = "structural", _("Structural")
    OPERATIONAL = "operational", _("Operational")
    BOTH = "both", _("Structural and operational")


CATEGORY_DEFINITIONS = {
    InstrumentCategory.EARLY_WARNING: "Collecting and analysing information on risks and alerting those who can act "
    "(Ch. VI, 6.1).",
    InstrumentCategory.DIPLOMATIC: "Political means: dialogue, mediation, envoys, statements, pressure (Ch. VI, 6.2).",
    InstrumentCategory.ECONOMIC: "Aid as an incentive and sanctions as a penalty (Ch. VI, 6.3).",
    InstrumentCategory.LEGAL: "Treaties and standards, courts, tribunals and inquiries (Ch. VI, 6.4).",
    InstrumentCategory.MILITARY: "Peacekeeping, preventive deployment and the use of force (Ch. VI, 6.5).",
}
NATURE_DEFINITIONS = {
    Nature.COOPERATIVE: "Applied with the consent and cooperation of the state concerned.",
    Nature.CONFRONTATIONAL: "Applied against the will of the state or party concerned, as pressure or coercion.",
    Nature.MIXED: "Either cooperative or confrontational depending on how it is used.",
}
PREVENTION_TYPE_DEFINITIONS = {
    PreventionType.STRUCTURAL: "Long-term action on the root causes: institutions, development, rule of law "
    "(Carnegie Commission, 1997; Preliminary Remarks).",
    PreventionType.OPERATIONAL: "Direct action in the face of an imminent crisis: deterring perpetrators and "
    "stopping violence (Preliminary Remarks).",
    PreventionType.BOTH: "Serves both structural and operational prevention.",
}


class Instrument(PublishableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    category = models.CharField(max_length=20, choices=InstrumentCategory.choices, db_index=True)
    nature = models.CharField(max_length=20, choices=Nature.choices, db_index=True)
    prevention_type = models.CharField(max_length=20, choices=PreventionType.choices, db_index=True)
    description = models.TextField(blank=True)
    examples = models.TextField(blank=True)
    effectiveness = models.TextField(blank=True, help_text="The book's assessment of how well it works.")
    locator = models.CharField(max_length=120, blank=True, help_text="Where the book treats it, e.g. 'Ch. VI, 6.3'.")
    holders = models.ManyToManyField(
        Actor,
        through="Capability",
        related_name="instruments_at_disposal",
        blank=True,
        help_text="Actors that have this instrument at their disposal (Part One), whether or not they used it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("instruments:detail", args=[self.slug])


class Capability(TimeStampedModel):
    """An actor has an instrument at its disposal (e.g. the Security Council can impose an arms embargo)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="capabilities")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="capabilities")
    note = models.TextField(blank=True)
    locator = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "capabilities"
        ordering = ["instrument__name", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "actor"],
                name="capability_unique",
                violation_error_message="This actor is already recorded as holding this instrument.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor.name} can use {self.instrument.name}"
