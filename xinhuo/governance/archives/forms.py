"""Forms of the archive: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, date_field, date_input

from .models import ArchiveCategory, ArchiveRecord, RecordStatus, Retention

RETENTION_CHOICES = [("", _("The category's usual retention")), *Retention.choices]


class RecordForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ArchiveCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    dated = forms.DateField(label=_("Date of the record"), widget=date_input(max_today=True))
    keywords = forms.CharField(label=_("Keywords"), max_length=200, required=False,
                               help_text=_("Words to find it by, separated by spaces."))
    retention = forms.ChoiceField(label=_("Retention"), choices=RETENTION_CHOICES, required=False,
                                  help_text=_("Minutes, summaries, certificates and the charter are kept "
                                              "permanently; plans, photos, agreements and receipts 30 years."))

    @staticmethod
    def initial_for(record: ArchiveRecord) -> dict:
        return {"category": record.category, "title": record.title, "dated": record.dated,
                "keywords": record.keywords, "retention": record.retention}


class UploadForm(RecordForm):
    upload = forms.FileField(label=_("File (PDF, Word, Excel, PowerPoint or a photo)"))


class CatalogueFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Title or keywords"), max_length=50, required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All")), *ArchiveCategory.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *RecordStatus.choices])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *[(y, f"{y}—{y + 1}") for y in years]]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ExtendForm(BootstrapMixin, forms.Form):
    until = date_field(_("Keep until"))
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DestroyForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Appraisal and destruction note"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
