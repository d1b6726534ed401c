"""Serializer pieces every app's API shares: admin-equal validation and the API/HTML links of a record."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings

from atrocity.content import EditConflict


class EditConflictError(APIException):
    """409: the update was based on an older version than the one stored."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "edit_conflict"

    @classmethod
    def for_instance(cls, instance) -> "EditConflictError":
        latest = instance.history.order_by("-history_date").first() if hasattr(instance, "history") else None
        who = f" by {latest.history_user}" if latest is not None and latest.history_user else ""
        when = f" at {latest.history_date:%Y-%m-%d %H:%M:%S} UTC" if latest is not None else ""
        return cls(
            {
                "version": [
                    f"This record was changed{who}{when}; it is now at version {instance.version}. Read it again "
                    "and apply your change to the current version."
                ]
            }
        )


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

    def get_fields(self):
        fields = super().get_fields()
        if any(field.name == "version" for field in self.Meta.model._meta.concrete_fields):
            fields["version"] = serializers.IntegerField(
                min_value=1,
                required=False,
                help_text="The record's edit version. An update must send the version it read; if someone saved "
                "in between, the update answers 409 Conflict instead of overwriting their change.",
            )
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs.pop("version", None)  # a new record starts at version 1
        elif "version" not in attrs:
            raise serializers.ValidationError(
                {
                    "version": [
                        "Send the version you read (from GET) with every update, so a concurrent edit is "
                        "never silently overwritten."
                    ]
                }  # fmt: skip
            )
        elif attrs["version"] != self.instance.version:
            raise EditConflictError.for_instance(self.instance)
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

    def save(self, **kwargs):
        try:
            return super().save(**kwargs)
        except EditConflict:  # someone saved between our check and our write
            self.instance.refresh_from_db()
            raise EditConflictError.for_instance(self.instance) from None
