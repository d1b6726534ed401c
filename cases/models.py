"""Case studies and the dated timeline events that tie actors, instruments and sources together."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actors.models import Actor
from atrocity.content import ContentQuerySet, PublicationStatus, PublishableModel, TimeStampedModel
from atrocity.dates import DatePrecision, format_partial_date, format_partial_range, is_consistent
from atrocity.dates import precision_constraint_q as precision_q
from instruments.models import Instrument


def _check_partial_date(errors: dict, field: str, value, precision: str) -> None:
    """Record an error when a date is not the first day of the period its precision names."""
    if value and precision and not is_consistent(value, precision):
        errors[field] = (
            f"With {precision} precision the date must be the first day of the {precision} (got {value.isoformat()})."
        )


class SituationType(models.TextChoices):
    SELF_DETERMINATION = "self_determination", _("Self-determination conflict")
    POST_GENOCIDE = "post_genocide", _("Post-genocide situation")
    ELECTORAL_POWER_STRUGGLE = "electoral_power_struggle", _("Electoral power struggle")
    OVERTHROW_OF_DICTATORSHIP = "overthrow_of_dictatorship", _("Overthrow of a dictatorship")
    OTHER = "other", _("Other")


class CaseStudy(PublishableModel):
    """One situation the book analyses, in its fixed model: background, actors and instruments, results."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    country = CountryField(help_text="ISO 3166 country code.")
    period_start = models.DateField()
    period_start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    period_end = models.DateField(null=True, blank=True)
    period_end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    situation_type = models.CharField(max_length=30, choices=SituationType.choices, db_index=True)
    summary = models.TextField(blank=True)
    internal_context = models.TextField(blank=True)
    international_context = models.TextField(blank=True)
    results_and_evaluation = models.TextField(blank=True)
    locator = models.CharField(max_length=120, blank=True, help_text="The book's chapter, e.g. 'Ch. X'.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"
        ordering = ["period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="case_period_end_after_start",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=precision_q("period_start", "period_start_precision"),
                name="case_period_start_matches_precision",
                violation_error_message="The period start must be the first day of its month or year.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.slug])

    @property
    def period_label(self) -> str:
        return format_partial_range(
            self.period_start, self.period_start_precision, self.period_end, self.period_end_precision
        )

    def clean(self):
        super().clean()
        errors: dict = {}
        _check_partial_date(errors, "period_start", self.period_start, self.period_start_precision)
        _check_partial_date(errors, "period_end", self.period_end, self.period_end_precision)
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period cannot end before it starts."
        if errors:
            raise ValidationError(errors)


class Phase(TimeStampedModel):
    """A named episode within a case (Chechnya's first war), so timelines can be read phase by phase."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="phases")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    start_date = models.DateField()
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "slug"],
                name="phase_slug_unique_in_case",
                violation_error_message="This case already has a phase with that slug.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="phase_end_after_start",
                violation_error_message="A phase cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.title}: {self.name}"

    @property
    def period_label(self) -> str:
        return format_partial_range(self.start_date, self.start_precision, self.end_date, self.end_precision)

    def clean(self):
        super().clean()
        errors: dict = {}
        _check_partial_date(errors, "start_date", self.start_date, self.start_precision)
        _check_partial_date(errors, "end_date", self.end_date, self.end_precision)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "A phase cannot end before it starts."
        if errors:
            raise ValidationError(errors)


class SourceKind(models.TextChoices):
    BOOK = "book", _("Book")
    UN_RESOLUTION = "un_resolution", _("UN resolution")
    UN_REPORT = "un_report", _("UN report")
    UN_DOCUMENT = "un_document", _("Other UN document")
    REGIONAL_DOCUMENT = "regional_document", _("Regional organisation document")
    GOVERNMENT_DOCUMENT = "government_document", _("Government document")
    NGO_REPORT = "ngo_report", _("NGO report")
    COURT_DOCUMENT = "court_document", _("Court document")
    ARTICLE = "article", _("Article or book chapter")
    OTHER = "other", _("Other")


class Source(TimeStampedModel):
    """A citable document: the book itself, a UN resolution by its symbol, a report, an article."""

    key = models.SlugField(max_length=120, unique=True, help_text="Stable identifier, e.g. 's-res-1973-2011'.")
    kind = models.CharField(max_length=20, choices=SourceKind.choices, db_index=True)
    symbol = models.CharField(
        max_length=120, blank=True, db_index=True, help_text="Document symbol, e.g. S/RES/1973 (2011)."
    )
    title = models.CharField(max_length=500)
    issuer = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources_issued")
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    url = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__isnull=True) | precision_q("date", "date_precision"),
                name="source_date_matches_precision",
                violation_error_message="The date must be the first day of its month or year for that precision.",
            ),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """One consistent citation string: issuer, title, symbol, date."""
        parts = []
        if self.issuer_id and self.kind != SourceKind.BOOK:
            parts.append(self.issuer.short_name or self.issuer.name)
        parts.append(self.title)
        if self.symbol and self.symbol not in self.title:
            parts.append(self.symbol)
        if self.date and self.kind != SourceKind.BOOK:
            parts.append(format_partial_date(self.date, self.date_precision))
        return ", ".join(parts)

    def clean(self):
        super().clean()
        errors: dict = {}
        _check_partial_date(errors, "date", self.date, self.date_precision)
        if errors:
            raise ValidationError(errors)


class EventType(models.TextChoices):
    ATROCITY = "atrocity", _("Atrocity or mass violation")
    ARMED_CONFLICT = "armed_conflict", _("Armed conflict")
    POLITICAL = "political", _("Domestic political development")
    ELECTION = "election", _("Election")
    AGREEMENT = "agreement", _("Agreement")
    RESOLUTION = "resolution", _("Resolution")
    STATEMENT = "statement", _("Statement or declaration")
    REPORT = "report", _("Report or warning")
    MISSION = "mission", _("Mission or visit")
    MEDIATION = "mediation", _("Mediation or talks")
    SANCTION = "sanction", _("Sanction")
    JUDICIAL = "judicial", _("Judicial step")
    MILITARY_INTERVENTION = "military_intervention", _("International military action")
    HUMANITARIAN = "humanitarian", _("Humanitarian action")
    INSTITUTIONAL = "institutional", _("Institutional change")
    OTHER = "other", _("Other")


EVENT_TYPE_DEFINITIONS = {
    EventType.ATROCITY: "Mass human-rights violation, massacre or attack on civilians.",
    EventType.ARMED_CONFLICT: "Fighting or military operations by the parties to the conflict.",
    EventType.POLITICAL: "A domestic political development: a coup, a decree, a change of government.",
    EventType.ELECTION: "An election or referendum and its results.",
    EventType.AGREEMENT: "A peace, ceasefire or power-sharing agreement between the parties.",
    EventType.RESOLUTION: "A resolution or decision adopted by an international body.",
    EventType.STATEMENT: "A declaration, condemnation, appeal or presidential statement.",
    EventType.REPORT: "A report, warning or assessment delivered to decision-makers or the public.",
    EventType.MISSION: "A field mission, visit or fact-finding mission.",
    EventType.MEDIATION: "Talks, negotiations, mediation or good offices.",
    EventType.SANCTION: "Sanctions or embargoes imposed, extended or lifted.",
    EventType.JUDICIAL: "A court, tribunal or inquiry step: indictment, referral, arrest warrant, judgment.",
    EventType.MILITARY_INTERVENTION: "International armed action or the deployment of a peace operation.",
    EventType.HUMANITARIAN: "Humanitarian aid, refugee flows or relief operations.",
    EventType.INSTITUTIONAL: "A body, office or mechanism created, changed or ended.",
    EventType.OTHER: "Anything else.",
}


class ActorRole(models.TextChoices):
    INITIATOR = "initiator", _("Initiator")
    TARGET = "target", _("Target")
    PARTICIPANT = "participant", _("Participant")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    VICTIM = "victim", _("Victim")
    MEDIATOR = "mediator", _("Mediator")
    SUPPORTER = "supporter", _("Supporter")
    OPPONENT = "opponent", _("Opponent")
    ABSTAINER = "abstainer", _("Abstainer")
    OBSERVER = "observer", _("Observer")


ACTOR_ROLE_DEFINITIONS = {
    ActorRole.INITIATOR: "Took the action (adopted the resolution, sent the mission, imposed the sanction).",
    ActorRole.TARGET: "The action was aimed at it.",
    ActorRole.PARTICIPANT: "Took part without leading.",
    ActorRole.PERPETRATOR: "Committed the violations.",
    ActorRole.VICTIM: "Suffered the violations.",
    ActorRole.MEDIATOR: "Mediated or offered good offices.",
    ActorRole.SUPPORTER: "Supported the action (voted for it, backed it).",
    ActorRole.OPPONENT: "Opposed the action (voted against it, blocked it).",
    ActorRole.ABSTAINER: "Abstained.",
    ActorRole.OBSERVER: "Observed or reported without acting.",
}


class EventQuerySet(ContentQuerySet):
    def published(self):
        """Published events of published cases: a draft case hides all its events."""
        return self.filter(status=PublicationStatus.PUBLISHED, case__status=PublicationStatus.PUBLISHED)


class Event(PublishableModel):
    """A dated timeline event of a case: the hub linking actors, instruments and sources."""

    key = models.SlugField(
        max_length=150, unique=True, help_text="Stable identifier, e.g. 'libya-2011-03-17-resolution-1973'."
    )
    case = models.ForeignKey(CaseStudy, on_delete=models.PROTECT, related_name="events")
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    date = models.DateField(help_text="For month or year precision, the first day of the month or year.")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(null=True, blank=True)
    end_date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    event_type = models.CharField(max_length=30, choices=EventType.choices, db_index=True)
    editor_note = models.TextField(
        blank=True,
        help_text="Inconsistencies in the book, or anything added from elsewhere (editor's addition).",
    )
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events", blank=True)
    instruments = models.ManyToManyField(
        Instrument,
        through="InstrumentUse",
        through_fields=("event", "instrument"),
        related_name="events",
        blank=True,
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["case", "date", "id"], name="event_case_date"),
            models.Index(fields=["date", "id"], name="event_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_end_after_start",
                violation_error_message="The end date cannot be before the date.",
            ),
            models.CheckConstraint(
                condition=precision_q("date", "date_precision"),
                name="event_date_matches_precision",
                violation_error_message="The date must be the first day of its month or year for that precision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_label}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:event", args=[self.pk])

    @property
    def date_label(self) -> str:
        return format_partial_range(self.date, self.date_precision, self.end_date, self.end_date_precision)

    def clean(self):
        super().clean()
        errors: dict = {}
        _check_partial_date(errors, "date", self.date, self.date_precision)
        _check_partial_date(errors, "end_date", self.end_date, self.end_date_precision)
        if self.date and self.end_date and self.end_date < self.date:
            errors["end_date"] = "The end date cannot be before the date."
        if self.phase_id and self.case_id and self.phase.case_id != self.case_id:
            errors["phase"] = f"The phase '{self.phase.name}' belongs to another case."
        if errors:
            raise ValidationError(errors)


class EventActor(TimeStampedModel):
    """An actor's part in an event, with its role."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actor_links")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_links")
    role = models.CharField(max_length=20, choices=ActorRole.choices, default=ActorRole.INITIATOR)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "event actor"
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"],
                name="event_actor_role_unique",
                violation_error_message="This actor already has that role in this event.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor.name} ({self.get_role_display()})"


class InstrumentUse(TimeStampedModel):
    """An instrument applied in an event, and by whom: what an actor actually did, not what it could do."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="instrument_uses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="uses")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="instrument_uses",
        help_text="The actor that applied it.",
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "instrument", "actor"],
                name="instrument_use_unique",
                violation_error_message="This actor is already recorded applying this instrument in this event.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name} by {self.actor.name}"


class FigureKind(models.TextChoices):
    KILLED = "killed", _("Killed")
    WOUNDED = "wounded", _("Wounded")
    REFUGEES = "refugees", _("Refugees")
    DISPLACED = "displaced", _("Internally displaced")
    DETAINED = "detained", _("Detained")
    AID = "aid", _("Aid")
    TROOPS = "troops", _("Troops")
    PERSONNEL = "personnel", _("Personnel")
    OTHER = "other", _("Other")


class Figure(TimeStampedModel):
    """A number the book states: casualties, refugees, aid, troops; a value or a range."""

    key = models.SlugField(max_length=150, unique=True)
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=FigureKind.choices, db_index=True)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    value_max = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=60, blank=True, help_text="people, USD, EUR, ...")
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR)
    editor_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "kind", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="figure_range_ordered",
                violation_error_message="The upper value of a range cannot be below its lower value.",
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | precision_q("date", "date_precision"),
                name="figure_date_matches_precision",
                violation_error_message="The date must be the first day of its month or year for that precision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.title}: {self.label}"

    @property
    def date_label(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    def clean(self):
        super().clean()
        errors: dict = {}
        _check_partial_date(errors, "date", self.date, self.date_precision)
        if self.value is not None and self.value_max is not None and self.value_max < self.value:
            errors["value_max"] = "The upper value of a range cannot be below its lower value."
        if errors:
            raise ValidationError(errors)


class Factor(models.TextChoices):
    """The five factors of effective prevention (Concluding Remarks)."""

    EARLY_INVOLVEMENT = "early_involvement", _("Early involvement")
    PRESENCE_ON_THE_GROUND = "presence_on_the_ground", _("Presence on the ground")
    INTERNATIONAL_PRESSURE = "international_pressure", _("Strength of international pressure")
    INSTRUMENT_QUALITY = "instrument_quality", _("Quality and adequacy of instruments")
    INTERESTS_AND_POLITICAL_WILL = (
        "interests_and_political_will",
        _("Consistency of interests and political will"),
    )


FACTOR_DEFINITIONS = {
    Factor.EARLY_INVOLVEMENT: "International actors engaged before violence escalated, when warnings first appeared.",
    Factor.PRESENCE_ON_THE_GROUND: "International staff (missions, monitors, peacekeepers) were in the country.",
    Factor.INTERNATIONAL_PRESSURE: "States and institutions exerted strong, united pressure on those responsible.",
    Factor.INSTRUMENT_QUALITY: "The instruments chosen suited the situation and were applied fully.",
    Factor.INTERESTS_AND_POLITICAL_WILL: "The main powers' interests converged and they had the will to act.",
}


class Rating(models.IntegerChoices):
    ABSENT = 0, _("Absent")
    WEAK = 1, _("Weak")
    MODERATE = 2, _("Moderate")
    STRONG = 3, _("Strong")


RATING_DEFINITIONS = {
    Rating.ABSENT: "The factor played no part in the international response.",
    Rating.WEAK: "Present only marginally, late or inconsistently.",
    Rating.MODERATE: "Present, but limited in reach, timing or consistency.",
    Rating.STRONG: "Clearly present and shaping the response.",
}


class FactorAssessment(TimeStampedModel):
    """How far one of the five factors was present in a case, with the reasons."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="factor_assessments")
    factor = models.CharField(max_length=40, choices=Factor.choices)
    rating = models.PositiveSmallIntegerField(
        choices=Rating.choices, validators=[MinValueValidator(0), MaxValueValidator(3)]
    )
    justification = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "factor"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "factor"],
                name="factor_assessment_unique",
                violation_error_message="This case already has an assessment of that factor.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=0, rating__lte=3),
                name="factor_rating_in_scale",
                violation_error_message="The rating must be between 0 (absent) and 3 (strong).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.title}: {self.get_factor_display()} = {self.get_rating_display()}"


class Citation(TimeStampedModel):
    """A source backing an event, a figure or a factor assessment, with a locator and evidence passage."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    locator = models.CharField(
        max_length=200,
        blank=True,
        help_text="Chapter and section, page, paragraph: 'Ch. X, 10.2, n. 34'. Required for the book; optional for "
        "a document cited as a whole.",
    )
    quote = models.TextField(blank=True, help_text="A short verbatim passage (5-25 words) that states the fact.")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    figure = models.ForeignKey(Figure, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    factor_assessment = models.ForeignKey(
        FactorAssessment, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, figure__isnull=True, factor_assessment__isnull=True)
                    | Q(event__isnull=True, figure__isnull=False, factor_assessment__isnull=True)
                    | Q(event__isnull=True, figure__isnull=True, factor_assessment__isnull=False)
                ),
                name="citation_has_one_subject",
                violation_error_message="A citation backs exactly one event, figure or factor assessment.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.locator})"

    def clean(self):
        super().clean()
        if self.source_id and self.source.kind == SourceKind.BOOK and not self.locator:
            raise ValidationError({"locator": "A citation of the book needs its chapter and section."})
        if self.quote and not 5 <= len(self.quote.split()) <= 25:
            raise ValidationError({"quote": "An evidence passage is a short quotation of 5 to 25 words."})


class HypothesisKind(models.TextChoices):
    MAIN = "main", _("Main hypothesis")
    SUB = "sub", _("Sub-hypothesis")


class Hypothesis(TimeStampedModel):
    """One of the book's research hypotheses (Preliminary Remarks)."""

    code = models.SlugField(max_length=20, unique=True, help_text="'main-1', 'main-2', 'sub-1' ... 'sub-9'.")
    kind = models.CharField(max_length=5, choices=HypothesisKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    statement = models.TextField()
    quote = models.TextField(blank=True)
    locator = models.CharField(max_length=120, blank=True)
    conclusion = models.TextField(blank=True, help_text="What the Concluding Remarks make of it.")

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "hypotheses"
        ordering = ["kind", "order"]

    def __str__(self) -> str:
        return f"{self.code}: {self.statement[:80]}"


class Verdict(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    CONTRADICTS = "contradicts", _("Contradicts")
    QUALIFIES = "qualifies", _("Qualifies")


class HypothesisFinding(TimeStampedModel):
    """What one case says about one hypothesis, and the events that are the evidence."""

    hypothesis = models.ForeignKey(Hypothesis, on_delete=models.CASCADE, related_name="findings")
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="hypothesis_findings")
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    rationale = models.TextField()
    locator = models.CharField(max_length=120, blank=True)
    evidence = models.ManyToManyField(Event, related_name="hypothesis_findings", blank=True)

    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["hypothesis", "case"]
        constraints = [
            models.UniqueConstraint(
                fields=["hypothesis", "case"],
                name="hypothesis_finding_unique",
                violation_error_message="This case already has a finding on that hypothesis.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.title} {self.get_verdict_display().lower()} {self.hypothesis.code}"


# Public case statistics kept on write. On PostgreSQL, triggers (migration 0006) keep these tallies of published
# events exact in the same transaction as every write to events, their links and instrument categories, so the case
# list, case page and compare page read counts in a few rows instead of counting every link of a case per request.
# They count published events whatever their case's status; readers keep the rows of published cases. The counts
# are plain integers: the triggers add signed changes with INSERT ... ON CONFLICT, which checks a CHECK (>= 0) on the
# change itself, before merging it into the row.


class CaseEventTally(models.Model):
    """How many published events a case has, and how many actors (with a role) and instruments appear in them."""

    case = models.OneToOneField(CaseStudy, on_delete=models.CASCADE, primary_key=True, related_name="+")
    events = models.IntegerField()
    actors = models.IntegerField(db_default=0, help_text="Its actor tallies with event-actor links.")
    instruments = models.IntegerField(db_default=0, help_text="Its instrument tallies.")

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.events} events"


class CaseActorTally(models.Model):
    """How many published events of a case link an actor, in a role or as the applier of an instrument."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    events = models.IntegerField(help_text="Published events linking the actor either way, each once.")
    actor_links = models.IntegerField(help_text="Its event-actor links (roles) in those events.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "actor"], name="case_actor_tally_unique")]

    def __str__(self) -> str:
        return f"case {self.case_id}, actor {self.actor_id}: {self.events} events"


class CaseInstrumentTally(models.Model):
    """How many times an instrument was applied in the published events of a case."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    uses = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "instrument"], name="case_instrument_tally_unique")]

    def __str__(self) -> str:
        return f"case {self.case_id}, instrument {self.instrument_id}: {self.uses} uses"


class CaseCategoryTally(models.Model):
    """How many published events of a case applied at least one instrument of a category."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20)
    events = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "category"], name="case_category_tally_unique")]

    def __str__(self) -> str:
        return f"case {self.case_id}, {self.category}: {self.events} events"
