"""Forms of the volunteer inspections. They only parse input; the services validate the rules and
say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, MultipleFileField, date_input
from xinhuo.core.uploads import IMAGE_ACCEPT

from ..common import ALL, ElderChoiceField
from ..models import Elder, Inspection


class InspectionFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Place, findings or inspector")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + Inspection.Kind.choices,
                             widget=FastSelect)
    severity = forms.ChoiceField(label=_("Severity"), required=False, choices=ALL + Inspection.Severity.choices,
                                 widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + Inspection.Status.choices,
                               widget=FastSelect)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data.get(k) or "" for k in ("q", "kind", "severity", "status")}


class InspectionForm(BootstrapMixin, forms.Form):
    inspector = ElderChoiceField(label=_("Inspector"), queryset=Elder.objects.none(), required=False,
                                 help_text=_("The volunteer inspector who made the inspection."))
    kind = forms.ChoiceField(label=_("What was inspected"), choices=Inspection.Kind.choices)
    place = forms.CharField(label=_("Place"), max_length=200)
    date = forms.DateField(label=_("Date"))
    findings = forms.CharField(label=_("Findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Inspection.Severity.choices,
                                 widget=forms.RadioSelect, initial=Inspection.Severity.LOW)
    photos = MultipleFileField(label=_("Photos"), accept=IMAGE_ACCEPT,
                               help_text=_("Several at once if needed: JPEG, PNG or WebP, up to 10 MB each. "
                                           "Photos are made smaller and their location data is removed."))

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget = date_input(max_today=True)
        self.fields["date"].widget.attrs["class"] = "form-control"
        if inspectors is None:
            del self.fields["inspector"]
        else:
            self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]
            self.fields["inspector"].required = True
        self.fields["severity"].widget.attrs["class"] = "form-check-input"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in ("kind", "place", "date", "findings", "severity", "photos")}
        if "inspector" in self.fields:
            out["inspector"] = d["inspector"]
        return out


class InspectionStepForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=Inspection.Status.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What was done; required to close the report."))

    def __init__(self, *args, next_statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_statuses is not None:  # offered: the steps that may follow; refused with a reason: the others
            self.fields["status"].widget.choices = [c for c in Inspection.Status.choices if c[0] in next_statuses]
