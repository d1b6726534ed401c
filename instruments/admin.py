from django.contrib import admin

from atrocity.admin import ContentAdmin, ContentTabularInline
from instruments.models import Capability, Instrument


class CapabilityInline(ContentTabularInline):
    model = Capability
    autocomplete_fields = ["actor"]
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(ContentAdmin):
    list_display = ["name", "category", "nature", "prevention_type", "status", "modified_at"]
    list_filter = ["category", "nature", "prevention_type", "status"]
    search_fields = ["name", "slug", "description", "examples"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CapabilityInline]


@admin.register(Capability)
class CapabilityAdmin(ContentAdmin):
    list_display = ["actor", "instrument"]
    list_filter = ["instrument__category"]
    search_fields = ["actor__name", "instrument__name"]
    autocomplete_fields = ["actor", "instrument"]
    list_select_related = ["actor", "instrument"]
