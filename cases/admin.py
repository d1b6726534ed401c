from django.contrib import admin

from atrocity.admin import ContentAdmin, ContentStackedInline, ContentTabularInline
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


class PhaseInline(ContentTabularInline):
    model = Phase
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


class FactorAssessmentInline(ContentStackedInline):
    model = FactorAssessment
    extra = 0


@admin.register(CaseStudy)
class CaseStudyAdmin(ContentAdmin):
    list_display = ["title", "country", "period_label", "situation_type", "status"]
    list_filter = ["situation_type", "status"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhaseInline, FactorAssessmentInline]


@admin.register(Phase)
class PhaseAdmin(ContentAdmin):
    list_display = ["name", "case", "period_label"]
    list_filter = ["case"]
    search_fields = ["name", "case__title"]
    autocomplete_fields = ["case"]
    list_select_related = ["case"]


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["title", "symbol", "kind", "date", "issuer"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "symbol"]
    autocomplete_fields = ["issuer"]
    list_select_related = ["issuer"]
    date_hierarchy = "date"


class EventActorInline(ContentTabularInline):
    model = EventActor
    autocomplete_fields = ["actor"]
    extra = 1


class InstrumentUseInline(ContentTabularInline):
    model = InstrumentUse
    autocomplete_fields = ["instrument", "actor"]
    extra = 1


class EventCitationInline(ContentTabularInline):
    model = Citation
    fk_name = "event"
    fields = ["source", "locator", "quote"]
    autocomplete_fields = ["source"]
    extra = 1


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["title", "case", "date_label", "event_type", "status", "modified_at"]
    list_filter = ["case", "event_type", "date_precision", "status", "instrument_uses__instrument__category"]
    search_fields = ["key", "title", "description"]
    autocomplete_fields = ["case", "phase"]
    list_select_related = ["case"]
    date_hierarchy = "date"
    inlines = [EventActorInline, InstrumentUseInline, EventCitationInline]


@admin.register(EventActor)
class EventActorAdmin(ContentAdmin):
    list_display = ["event", "actor", "role"]
    list_filter = ["role", "event__case"]
    search_fields = ["event__title", "actor__name"]
    autocomplete_fields = ["event", "actor"]
    list_select_related = ["event", "actor"]


@admin.register(InstrumentUse)
class InstrumentUseAdmin(ContentAdmin):
    list_display = ["event", "instrument", "actor"]
    list_filter = ["instrument__category", "event__case"]
    search_fields = ["event__title", "instrument__name", "actor__name"]
    autocomplete_fields = ["event", "instrument", "actor"]
    list_select_related = ["event", "instrument", "actor"]


class FigureCitationInline(EventCitationInline):
    fk_name = "figure"


class AssessmentCitationInline(EventCitationInline):
    fk_name = "factor_assessment"


@admin.register(Figure)
class FigureAdmin(ContentAdmin):
    list_display = ["label", "case", "kind", "value", "value_max", "unit", "date_label"]
    list_filter = ["case", "kind"]
    search_fields = ["key", "label"]
    autocomplete_fields = ["case"]
    list_select_related = ["case"]
    inlines = [FigureCitationInline]


@admin.register(FactorAssessment)
class FactorAssessmentAdmin(ContentAdmin):
    list_display = ["case", "factor", "rating"]
    list_filter = ["case", "factor", "rating"]
    search_fields = ["justification", "case__title"]
    autocomplete_fields = ["case"]
    list_select_related = ["case"]
    inlines = [AssessmentCitationInline]


@admin.register(Citation)
class CitationAdmin(ContentAdmin):
    list_display = ["source", "locator", "event", "figure", "factor_assessment"]
    list_filter = ["source__kind"]
    search_fields = ["locator", "quote", "source__title", "source__symbol"]
    autocomplete_fields = ["source", "event", "figure", "factor_assessment"]
    list_select_related = ["source", "event", "figure", "factor_assessment"]


class HypothesisFindingInline(ContentStackedInline):
    model = HypothesisFinding
    autocomplete_fields = ["case", "evidence"]
    extra = 0


@admin.register(Hypothesis)
class HypothesisAdmin(ContentAdmin):
    list_display = ["code", "kind", "statement"]
    list_filter = ["kind"]
    search_fields = ["code", "statement"]
    inlines = [HypothesisFindingInline]


@admin.register(HypothesisFinding)
class HypothesisFindingAdmin(ContentAdmin):
    list_display = ["hypothesis", "case", "verdict"]
    list_filter = ["verdict", "case", "hypothesis"]
    search_fields = ["rationale", "hypothesis__code", "case__title"]
    autocomplete_fields = ["hypothesis", "case", "evidence"]
    list_select_related = ["hypothesis", "case"]
