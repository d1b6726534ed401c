"""The admin's look, and the pieces every content admin shares: history and edit-conflict detection."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = "Atrocity Prevention Knowledge Base: editors"
admin.site.site_title = "Knowledge base admin"
admin.site.index_title = "Curate actors, instruments and case studies"


class VersionedModelForm(forms.ModelForm):
    """Carries the version the editor opened and refuses the save if someone else saved since."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False
            if self.instance.pk is not None and not self.is_bound:
                # Reverting from the history starts from an old copy; the edit still applies to the row as it is
                # now, so it carries the row's current version.
                self.initial["version"] = self._stored_version()

    def _stored_version(self) -> int | None:
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        return stored.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is None:  # a form posted without it edits the version it finds
            cleaned["version"] = self.instance.version
        opened = cleaned["version"]
        if self.instance.pk is not None and opened is not None:
            current = self._stored_version()
            if current is not None and current != opened:
                latest = self.instance.history.order_by("-history_date").first()
                who = f" by {latest.history_user}" if latest and latest.history_user else ""
                when = f" at {latest.history_date:%Y-%m-%d %H:%M} UTC" if latest else ""
                raise forms.ValidationError(
                    f"Someone else saved this {self.instance._meta.verbose_name}{who}{when} after you opened it. "
                    "Your changes were not saved: reload the page to see theirs, then apply yours again.",
                    code="edit_conflict",
                )
        return cleaned


class ContentAdmin(SimpleHistoryAdmin):
    """Admin for a content model: history pages with revert, and edit-conflict detection."""

    form = VersionedModelForm


class ContentTabularInline(admin.TabularInline):
    form = VersionedModelForm


class ContentStackedInline(admin.StackedInline):
    form = VersionedModelForm
