"""Actors as the API shows and accepts them: addressed by slug, kinds as codes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from actors.selectors import cases_involving, instruments_applied_by
from atrocity.api.serializers import LinksField, ValidatedModelSerializer


class ActorSerializer(ValidatedModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), allow_null=True, required=False
    )
    links = LinksField("api:actor-detail")

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "parent",
            "description",
            "founded_year",
            "website",
            "locator",
            "status",
            "modified_at",
            "links",
        ]
        read_only_fields = ["modified_at"]


class ActorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["slug", "name", "kind"]


class CaseRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class AppliedInstrumentSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    category = serializers.CharField()
    uses = serializers.IntegerField(help_text="How many events it applied the instrument in.")


class ActorDetailSerializer(ActorSerializer):
    children = ActorRefSerializer(many=True, read_only=True)
    cases = serializers.SerializerMethodField()
    instruments = serializers.SerializerMethodField()

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "children", "cases", "instruments"]

    @extend_schema_field(CaseRefSerializer(many=True))
    def get_cases(self, actor: Actor) -> list[dict]:
        return cases_involving(actor)

    @extend_schema_field(AppliedInstrumentSerializer(many=True))
    def get_instruments(self, actor: Actor) -> list[dict]:
        return instruments_applied_by(actor)
