"""Filters every list shares, in the API and on the pages."""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC: databases reject offsets such as -17:00 that ISO 8601 allows."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("This date-time is out of range.", code="invalid") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class SyncFilterSet(django_filters.FilterSet):
    """Base of every list's filters: incremental sync for harvesters."""

    modified_after = UTCDateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        help_text="ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z: only rows changed at or after it.",
    )
