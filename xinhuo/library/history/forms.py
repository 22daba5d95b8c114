"""Forms of the school history: they check the shape of the input; the service checks the rest and says why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin

from .models import HistoryItem, HistoryKind, HistoryStatus, HistoryTheme

ACCEPT = ".jpg,.jpeg,.png,.webp,.pdf,.docx,.mp3,.m4a,.ogg,.wav,image/*,audio/*"


class HistoryItemForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HistoryKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), help_text=_("Such as 1958."))
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    theme = forms.ChoiceField(label=_("Theme"), choices=HistoryTheme.choices)
    story = forms.CharField(label=_("Story"), max_length=20000, required=False,
                            widget=forms.Textarea(attrs={"rows": 8}))
    upload = forms.FileField(label=_("File"), required=False,
                             help_text=_("Photo or object: JPEG, PNG, WebP. Document: PDF, Word (.docx). "
                                         "Oral history: MP3, M4A, OGG, WAV."),
                             widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    contributors = forms.MultipleChoiceField(label=_("Contributors"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label=_("Status"), choices=HistoryStatus.choices, initial=HistoryStatus.PUBLISHED)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributors"].choices = [(u.pk, u.display_name) for u in people]  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(item: HistoryItem) -> dict:
        return {"kind": item.kind, "title": item.title, "year": item.year, "date": item.date, "theme": item.theme,
                "story": item.story, "contributors": [u.pk for u in item.contributors.all()],
                "status": item.status}


class TimelineFilterForm(BootstrapMixin, forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All")), *HistoryTheme.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *HistoryKind.choices])
    decade = forms.TypedChoiceField(label=_("Decade"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, decades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decade"].choices = [("", _("All")), *[(d, f"{d}s") for d in decades]]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
