"""Filters every list shares, in the API and on the pages."""

import copy
import datetime
from typing import NewType

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Model
from django.http import QueryDict
from django_filters.fields import IsoDateTimeField, ModelChoiceField, ModelMultipleChoiceField

from atrocity.conditional import content_version
from atrocity.visibility import can_see_drafts, visible_to


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


# The id of a row named by slug: what the method of a SlugFilter receives. drf-spectacular documents a parameter
# whose method takes a type it does not know as a string, which the slug is.
RowId = NewType("RowId", int)

# Slug -> id of the rows a filter value may name, per model and audience (public or curators), with the content
# version they were read at.
_SLUGS: dict[tuple[str, bool], tuple] = {}


def visible_slugs(model: type[Model], public: bool) -> dict[str, RowId]:
    """The slugs a filter value may name (published rows, or all for curators) and their ids.

    Read once per content version (every edit makes a new one, atrocity/conditional.py) instead of one query per
    request: looking a slug up through the ORM cost about a millisecond of a five-millisecond list.
    """
    key = (model._meta.label, public)
    version = content_version()
    known = _SLUGS.get(key)
    if known is None or known[0] != version:
        rows = model.objects.all()
        rows = rows.published() if public else rows
        known = _SLUGS[key] = (version, dict(rows.order_by().values_list("slug", "pk")))
    return known[1]


class _ChosenBySlug:
    """For a model choice field: the slugs a value may name are those `visible_slugs` gives its audience."""

    def __init__(self, *args, public: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.public = public

    def slugs(self) -> dict[str, RowId]:
        return visible_slugs(self.queryset.model, self.public)


class SlugChoiceField(_ChosenBySlug, ModelChoiceField):
    """A model chosen by slug, cleaned to its id. The choices offered are the queryset's."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            return self.slugs()[value]
        except (KeyError, TypeError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class SlugMultipleChoiceField(_ChosenBySlug, ModelMultipleChoiceField):
    """Several models chosen by slug, cleaned to a list of their ids; none chosen, to an empty queryset (Django's)."""

    def _check_values(self, value) -> list[RowId]:
        slugs = self.slugs()
        ids = []
        for slug in dict.fromkeys(value):  # once each, in the order given
            self.validate_no_null_characters(slug)
            if not isinstance(slug, str) or slug not in slugs:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
                )
            ids.append(slugs[slug])
        return ids


class _VisibleBySlug:
    """For a model choice filter: the choices are the rows the reader may see, named by slug, cleaned to ids."""

    def __init__(self, model: str, **kwargs):
        self.model_label = model  # "app.Model": an app may filter by another's model without importing it
        super().__init__(queryset=self._visible, to_field_name="slug", **kwargs)

    def _visible(self, request):
        return visible_to(apps.get_model(self.model_label).objects.all(), getattr(request, "user", None))

    @property
    def field(self):
        user = getattr(self.get_request(), "user", None)
        self.extra["public"] = not can_see_drafts(user, apps.get_model(self.model_label))
        return super().field


class SlugFilter(_VisibleBySlug, django_filters.ModelChoiceFilter):
    """One visible row by slug; the filter method or lookup gets its id."""

    field_class = SlugChoiceField


class SlugsFilter(_VisibleBySlug, django_filters.ModelMultipleChoiceFilter):
    """Visible rows by slug, the parameter repeated; the filter method gets a list of ids (a queryset when none)."""

    field_class = SlugMultipleChoiceField


class SharedFieldsForm(forms.Form):
    """A form whose instances share its fields instead of deep-copying them, as Django's forms do.

    Django copies every field (widgets, choices, querysets) into each form so that one instance may change its own;
    the public filter forms change none, and the copying took half a millisecond of every list request. Cleaning
    keeps its results on the form (`cleaned_data`, `errors`), never on a field.
    """

    def __init__(self, *args, **kwargs):
        shared = self.base_fields
        self.base_fields = {}  # what Django's __init__ deep-copies
        super().__init__(*args, **kwargs)
        del self.base_fields
        self.fields = dict(shared)


class SyncFilterSet(django_filters.FilterSet):
    """Base of every list's filters: incremental sync for harvesters. Also sets up a filter set cheaply.

    django-filter deep-copies every filter and builds a new form class (fields, labels, choices) for each
    filter set it makes: some 2 ms of a 10 ms list request. Here each filter is copied shallowly (its own
    `extra`, which building a field writes to, and its own method binding), and the form class for readers who
    are not signed in is built once per filter set class: they all see the same published choices. Its forms
    share its fields (`SharedFieldsForm`); signed-in users' forms are Django's usual ones.
    """

    modified_after = UTCDateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        help_text="ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z: only rows changed at or after it.",
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: self._own_copy(filter_, queryset.model) for name, filter_ in self.base_filters.items()}

    def _own_copy(self, filter_: django_filters.Filter, model) -> django_filters.Filter:
        own = copy.copy(filter_)
        own.extra = dict(filter_.extra)
        own.__dict__.pop("_field", None)
        own.method = filter_.method  # binds the method to this copy, whose parent is this filter set
        own.model, own.parent = model, self
        return own

    def get_form_class(self):
        if getattr(getattr(self.request, "user", None), "is_authenticated", False):
            return super().get_form_class()
        cls = type(self)
        if "_public_form_class" not in cls.__dict__:
            built = super().get_form_class()
            cls._public_form_class = type(built.__name__, (SharedFieldsForm, built), {})
        return cls._public_form_class
