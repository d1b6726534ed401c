"""Serializer pieces every app's API shares: admin-equal validation and the API/HTML links of a record."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "api": {"type": "string", "format": "uri"},
            "html": {"type": "string", "format": "uri", "nullable": True},
        },
        "required": ["api", "html"],
    }
)
class LinksField(serializers.Field):
    """The record's own API URL and its public page (null when it has no page)."""

    def __init__(self, view_name: str, lookup_field: str = "slug", **kwargs):
        self.view_name = view_name
        self.lookup_field = lookup_field
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance) -> dict:
        request = self.context.get("request")
        lookup = self.lookup_field
        # Django's reverse, not DRF's: DRF's would carry `?format=csv` of the current request into every link.
        api = reverse(self.view_name, kwargs={lookup: getattr(instance, lookup)})
        if request is not None:
            api = request.build_absolute_uri(api)
        html = None
        if hasattr(instance, "get_absolute_url"):
            try:
                html = instance.get_absolute_url()
            except NoReverseMatch:  # the page's URLconf is not mounted (e.g. an API-only deployment)
                html = None
            if html and request is not None:
                html = request.build_absolute_uri(html)
        return {"api": api, "html": html}


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Writes are checked exactly like the admin: the model's full_clean() (fields, clean(), constraints).

    DRF's own unique-together validators are switched off so a constraint's `violation_error_message`, the
    message the admin shows, is the one the API returns.
    """

    def get_validators(self):
        return []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        many_to_many = {field.name for field in self.Meta.model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from None
        return attrs
