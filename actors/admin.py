from django.contrib import admin

from actors.models import Actor, Membership
from atrocity.admin import ContentAdmin, ContentTabularInline


class MembershipInline(ContentTabularInline):
    model = Membership
    fk_name = "member"
    autocomplete_fields = ["organisation"]
    extra = 0


@admin.register(Actor)
class ActorAdmin(ContentAdmin):
    list_display = ["name", "short_name", "kind", "parent", "status", "modified_at"]
    list_filter = ["kind", "status", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ContentAdmin):
    list_display = ["member", "organisation", "start_year", "end_year"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["member__name", "organisation__name"]
    autocomplete_fields = ["member", "organisation"]
    list_select_related = ["member", "organisation"]
