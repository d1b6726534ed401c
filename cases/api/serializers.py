"""Cases, events, sources and hypotheses as the API shows and accepts them: slugs for records, codes for choices."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from atrocity.api.serializers import LinksField, ValidatedModelSerializer
from atrocity.dates import format_partial_date
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


class CitationSerializer(serializers.ModelSerializer):
    key = serializers.SlugField(source="source.key", read_only=True, help_text="The source's key (/api/sources/).")
    citation = serializers.CharField(source="source.citation", read_only=True)
    url = serializers.CharField(source="source.url", read_only=True)
    quote = serializers.CharField(read_only=True, help_text="A short verbatim evidence passage (5-25 words).")

    class Meta:
        model = Citation
        fields = ["key", "citation", "locator", "quote", "url"]


class PhaseSerializer(serializers.ModelSerializer):
    period_label = serializers.CharField(read_only=True)

    class Meta:
        model = Phase
        fields = ["slug", "name", "start_date", "start_precision", "end_date", "end_precision", "period_label"]


class PhaseDetailSerializer(PhaseSerializer):
    class Meta(PhaseSerializer.Meta):
        fields = [*PhaseSerializer.Meta.fields, "description"]


class FigureSerializer(serializers.ModelSerializer):
    date_label = serializers.CharField(read_only=True)
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Figure
        fields = [
            "key",
            "label",
            "kind",
            "value",
            "value_max",
            "unit",
            "date",
            "date_precision",
            "date_label",
            "editor_note",
            "sources",
        ]


class FactorAssessmentSerializer(serializers.ModelSerializer):
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = FactorAssessment
        fields = ["factor", "rating", "justification", "sources"]


class CaseSerializer(ValidatedModelSerializer):
    period_label = serializers.CharField(read_only=True)
    event_count = serializers.IntegerField(read_only=True, help_text="Published events in its timeline.")
    actor_count = serializers.IntegerField(read_only=True, help_text="Distinct actors in those events.")
    instrument_count = serializers.IntegerField(read_only=True, help_text="Distinct instruments applied in them.")
    links = LinksField("api:case-detail")

    class Meta:
        model = CaseStudy
        fields = [
            "slug",
            "title",
            "country",
            "period_start",
            "period_start_precision",
            "period_end",
            "period_end_precision",
            "period_label",
            "situation_type",
            "summary",
            "event_count",
            "actor_count",
            "instrument_count",
            "status",
            "modified_at",
            "links",
        ]
        read_only_fields = ["modified_at"]


class CaseDetailSerializer(CaseSerializer):
    phases = PhaseDetailSerializer(many=True, read_only=True)
    factor_assessments = FactorAssessmentSerializer(many=True, read_only=True)
    figures = FigureSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "internal_context",
            "international_context",
            "results_and_evaluation",
            "locator",
            "phases",
            "factor_assessments",
            "figures",
        ]


class EventActorSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="actor.slug", read_only=True)
    name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = EventActor
        fields = ["slug", "name", "role"]


class InstrumentUseSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="instrument.slug", read_only=True)
    name = serializers.CharField(source="instrument.name", read_only=True)
    category = serializers.CharField(source="instrument.category", read_only=True)
    applied_by = serializers.SlugField(
        source="actor.slug", read_only=True, help_text="Slug of the actor that applied it."
    )

    class Meta:
        model = InstrumentUse
        fields = ["slug", "name", "category", "applied_by", "note"]


class PhaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["slug", "name"]


class EventSerializer(ValidatedModelSerializer):
    case = serializers.SlugRelatedField(slug_field="slug", queryset=CaseStudy.objects.all(), help_text="Case slug.")
    phase = PhaseRefSerializer(read_only=True, allow_null=True)
    phase_slug = serializers.SlugField(
        write_only=True, required=False, allow_null=True, help_text="On writes: the slug of a phase of the same case."
    )
    date_label = serializers.CharField(read_only=True, help_text='The date as people read it: "April 1994".')
    actors = EventActorSerializer(source="actor_links", many=True, read_only=True)
    instruments = InstrumentUseSerializer(source="instrument_uses", many=True, read_only=True)
    sources = CitationSerializer(source="citations", many=True, read_only=True)
    links = LinksField("api:event-detail", lookup_field="pk")

    class Meta:
        model = Event
        fields = [
            "id",
            "key",
            "case",
            "phase",
            "phase_slug",
            "date",
            "date_precision",
            "end_date",
            "end_date_precision",
            "date_label",
            "title",
            "description",
            "event_type",
            "editor_note",
            "actors",
            "instruments",
            "sources",
            "status",
            "modified_at",
            "links",
        ]
        read_only_fields = ["modified_at"]

    def validate(self, attrs):
        if "phase_slug" in attrs:
            slug = attrs.pop("phase_slug")
            case = attrs.get("case") or getattr(self.instance, "case", None)
            attrs["phase"] = None
            if slug:
                attrs["phase"] = Phase.objects.filter(case=case, slug=slug).first()
                if attrs["phase"] is None:
                    raise serializers.ValidationError({"phase_slug": [f"The case has no phase '{slug}'."]})
        return super().validate(attrs)


class SourceSerializer(ValidatedModelSerializer):
    issuer = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), allow_null=True, required=False, help_text="Actor slug."
    )
    date_label = serializers.SerializerMethodField()
    citation = serializers.CharField(read_only=True, help_text="One consistent citation string.")
    links = LinksField("api:source-detail", lookup_field="key")

    class Meta:
        model = Source
        fields = [
            "key",
            "kind",
            "symbol",
            "title",
            "issuer",
            "date",
            "date_precision",
            "date_label",
            "url",
            "citation",
            "modified_at",
            "links",
        ]
        read_only_fields = ["modified_at"]

    def get_date_label(self, source: Source) -> str:
        return format_partial_date(source.date, source.date_precision)


class EvidenceEventSerializer(serializers.ModelSerializer):
    date_label = serializers.CharField(read_only=True)
    links = LinksField("api:event-detail", lookup_field="pk")

    class Meta:
        model = Event
        fields = ["id", "key", "date_label", "title", "links"]


class HypothesisFindingSerializer(serializers.ModelSerializer):
    case = serializers.SlugField(source="case.slug", read_only=True)
    evidence = EvidenceEventSerializer(many=True, read_only=True)

    class Meta:
        model = HypothesisFinding
        fields = ["case", "verdict", "rationale", "locator", "evidence"]


class HypothesisSerializer(ValidatedModelSerializer):
    findings = HypothesisFindingSerializer(many=True, read_only=True)
    links = LinksField("api:hypothesis-detail", lookup_field="code")

    class Meta:
        model = Hypothesis
        fields = [
            "code",
            "kind",
            "order",
            "statement",
            "quote",
            "locator",
            "conclusion",
            "findings",
            "modified_at",
            "links",
        ]
        read_only_fields = ["modified_at"]


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class CodeField(serializers.Field):
    """A vocabulary code exactly as records carry it: text for most, an integer for ratings."""

    def to_representation(self, value):
        return value


class VocabularyEntrySerializer(serializers.Serializer):
    code = CodeField()
    label = serializers.CharField()
    definition = serializers.CharField()


class DeletionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["case", "event", "actor", "instrument", "source", "hypothesis"])
    id = serializers.IntegerField(help_text="Database id (events are addressed by it).")
    identifier = serializers.CharField(help_text="Slug, key or code the API addressed it by.")
    change = serializers.ChoiceField(choices=["deleted", "unpublished"])
    at = serializers.DateTimeField(help_text="When it was deleted or unpublished.")
