"""Instruments as the API shows and accepts them: addressed by slug, typology as codes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atrocity.api.serializers import LinksField, ValidatedModelSerializer
from instruments.models import Instrument
from instruments.selectors import actors_using, cases_using


class InstrumentSerializer(ValidatedModelSerializer):
    links = LinksField("api:instrument-detail")

    class Meta:
        model = Instrument
        fields = [
            "slug",
            "name",
            "category",
            "nature",
            "prevention_type",
            "description",
            "examples",
            "effectiveness",
            "locator",
            "status",
            "modified_at",
            "links",
        ]
        read_only_fields = ["modified_at"]


class CaseUseSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    uses = serializers.IntegerField()


class ActorUseSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    uses = serializers.IntegerField()


class InstrumentDetailSerializer(InstrumentSerializer):
    cases = serializers.SerializerMethodField()
    actors = serializers.SerializerMethodField()

    class Meta(InstrumentSerializer.Meta):
        fields = [*InstrumentSerializer.Meta.fields, "cases", "actors"]

    @extend_schema_field(CaseUseSerializer(many=True))
    def get_cases(self, instrument: Instrument) -> list[dict]:
        return cases_using(instrument)

    @extend_schema_field(ActorUseSerializer(many=True))
    def get_actors(self, instrument: Instrument) -> list[dict]:
        return actors_using(instrument)
