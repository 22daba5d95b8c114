"""Forms of the care part: inspections, training, care visits, health checks, recreation.
They only parse input; the services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect
from xinhuo.core.uploads import IMAGE_ACCEPT

from .models import CareVisit, Elder, ElderRole, Inspection, TrainingSession

ALL = [("", _("All"))]
DOCUMENT_ACCEPT = ".pdf,.docx,.pptx,.xlsx,.jpg,.jpeg,.png"


def _date_input(max_today: bool = False) -> forms.DateInput:
    attrs = {"type": "date"}
    if max_today:
        attrs["max"] = timezone.localdate().isoformat()
    return forms.DateInput(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the services check each of them."""

    def __init__(self, *args, accept: str = "", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept} if accept else {}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ElderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ElderMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# inspections


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
        self.fields["date"].widget = _date_input(max_today=True)
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


# training


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
        self.fields["date"].widget = _date_input()
        self.fields["date"].widget.attrs["class"] = "form-control"

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


# care for the elders


class CareVisitForm(BootstrapMixin, forms.Form):
    elder = ElderChoiceField(label=_("Elder"), queryset=Elder.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=CareVisit.Kind.choices)
    planned_on = forms.DateField(label=_("Planned for"))
    visitors = forms.CharField(label=_("Visitors"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["elder"].queryset = elders  # type: ignore[attr-defined]
        self.fields["planned_on"].widget = _date_input()
        self.fields["planned_on"].widget.attrs["class"] = "form-control"


class CareVisitDoneForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label=_("Done on"))
    visitors = forms.CharField(label=_("Visitors"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes of the visit"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("How the elder is, what they asked for, what to follow up."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].widget = _date_input(max_today=True)
        self.fields["done_on"].widget.attrs["class"] = "form-control"


class HealthCheckForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Health check on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget = _date_input(max_today=True)
        self.fields["date"].widget.attrs["class"] = "form-control form-control-sm"


class RecreationForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    participants = ElderMultipleField(label=_("Participants"), queryset=Elder.objects.none(), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["participants"].queryset = elders  # type: ignore[attr-defined]
        self.fields["date"].widget = _date_input()
        self.fields["date"].widget.attrs["class"] = "form-control"
