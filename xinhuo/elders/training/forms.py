"""Forms of training and study. They only parse input; the services validate the rules and say what is
wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, MultipleFileField, date_input

from ..common import ALL
from ..models import ElderRole, TrainingSession

DOCUMENT_ACCEPT = ".pdf,.docx,.pptx,.xlsx,.jpg,.jpeg,.png"


class TrainingFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + TrainingSession.Kind.choices,
                             widget=FastSelect)
    when = forms.ChoiceField(label=_("When"), required=False, widget=FastSelect,
                             choices=[*ALL, ("upcoming", _("Coming up")), ("past", _("Past"))])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data.get(k) or "" for k in ("q", "kind", "when")}


class TrainingSessionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingSession.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    role = forms.ChoiceField(label=_("For the role"), required=False, choices=[("", "—"), *ElderRole.choices],
                             help_text=_("Required for an induction: the role it prepares for."))
    date = forms.DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=50, required=False)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, initial=2)
    materials = forms.CharField(label=_("Materials"), required=False, max_length=10000,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("What was studied: texts, links, notes."))
    files = MultipleFileField(label=_("Files"), accept=DOCUMENT_ACCEPT,  # type: ignore[assignment]
                              help_text=_("PDF, Word, PowerPoint, Excel, JPEG or PNG, up to 20 MB each."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget = date_input()
        self.fields["date"].widget.attrs["class"] = "form-control"

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
