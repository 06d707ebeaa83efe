from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Source, SourceSection


class SourceSectionInline(admin.StackedInline):
    model = SourceSection
    extra = 0


class SourceForm(forms.ModelForm):
    """A source is the repository's copy of a document, which its records are proved
    against: as when loading, the file must be there (sources/documents/)."""

    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "date", "kind", "file_name", "description", "order"]

    def clean_file_name(self):
        name = self.cleaned_data["file_name"]
        if not Source(file_name=name).path.is_file():
            raise forms.ValidationError(f"names a document that is not in the repository: {name}")
        return name


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceForm
    list_display = ["title", "slug", "publisher", "date", "kind", "file_name"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "slug", "description"]
    inlines = [SourceSectionInline]


@admin.register(SourceSection)
class SourceSectionAdmin(SimpleHistoryAdmin):
    list_display = ["source", "order", "heading"]
    list_filter = ["source"]
    search_fields = ["heading", "body"]
    list_select_related = ["source"]
