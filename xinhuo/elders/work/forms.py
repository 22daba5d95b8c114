"""Forms of the work part: matching a need, assigning, hours, mentor contacts."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_input, time_input

from ..models import ApprenticeshipContact, Assignment, Elder, ElderRole, ServiceRecord, Specialty, Weekday
from .matching import Need

ANY = _("Any")


def _optional(choices, label=ANY) -> list:
    return [("", label), *choices]


class MatchForm(BootstrapMixin, forms.Form):
    """The need to find elders for."""

    role = forms.ChoiceField(label=_("Role"), choices=ElderRole.choices)
    # a link such as ?role=…&specialties=… leaves the kind out: a task, as the form shows
    need_kind = forms.ChoiceField(label=_("Kind of need"), choices=Assignment.NeedKind.choices,
                                  initial=Assignment.NeedKind.TASK, required=False)
    need = forms.CharField(label=_("Need"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("For example 初一3班 党史故事会")}),
                           help_text=_("What the elder will be asked to do; recorded with the assignment."))
    specialties = forms.MultipleChoiceField(label=_("Specialties wanted"), choices=Specialty.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=_optional(Weekday.choices), coerce=int,
                                     empty_value=None, required=False)
    start = forms.TimeField(label=_("From"), required=False, widget=time_input())
    end = forms.TimeField(label=_("Until"), required=False, widget=time_input())

    def clean(self):
        data = super().clean() or {}
        data["need_kind"] = data.get("need_kind") or Assignment.NeedKind.TASK
        start, end = data.get("start"), data.get("end")
        if (start or end) and data.get("weekday") is None:
            self.add_error("weekday", _("Choose the weekday of the time window."))
        if bool(start) != bool(end):
            self.add_error("end" if start else "start", _("Give both ends of the time window, or neither."))
        elif start and end and end <= start:
            self.add_error("end", _("The end of the time window must be after its start."))
        return data

    def need_obj(self) -> Need:
        d = self.cleaned_data
        return Need(role=d["role"], specialties=tuple(d["specialties"]), weekday=d["weekday"],
                    start=d["start"], end=d["end"], kind=d["need_kind"])


class AssignForm(BootstrapMixin, forms.Form):
    elder = forms.ModelChoiceField(label=_("Elder"), queryset=Elder.objects.none(), widget=FastSelect)
    role = forms.ChoiceField(label=_("Role"), choices=ElderRole.choices)
    need_kind = forms.ChoiceField(label=_("Kind of need"), choices=Assignment.NeedKind.choices,
                                  initial=Assignment.NeedKind.TASK)
    need = forms.CharField(label=_("Need"), max_length=200)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=_optional(Weekday.choices, "—"), coerce=int,
                                     empty_value=None, required=False)
    start_on = forms.DateField(label=_("From"), required=False,
                               widget=date_input(),
                               help_text=_("Empty: today."))
    end_on = forms.DateField(label=_("Until"), required=False, widget=date_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=Assignment._meta.get_field("note").max_length,
                           widget=forms.Textarea(attrs={"rows": 2}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["elder"].queryset = elders  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"elder": d["elder"], "role": d["role"], "need": d["need"], "need_kind": d["need_kind"],
                "weekday": d["weekday"], "start_on": d["start_on"], "end_on": d["end_on"], "note": d["note"]}


class AssignmentFilterForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_optional(ElderRole.choices, _("All")), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_optional(Assignment.Status.choices, _("All")),
                               required=False)
    elder = forms.TypedChoiceField(label=_("Elder"), coerce=int, empty_value=None, required=False, widget=FastSelect)

    def __init__(self, *args, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is None:
            del self.fields["elder"]
        else:
            self.fields["elder"].choices = [("", _("All")), *elders]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"role": d["role"], "status": d["status"], "elder": d.get("elder")}


class ServiceRecordForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input(),
                           initial=timezone.localdate)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
                               max_value=Decimal("24"), widget=forms.NumberInput(attrs={"step": "0.5"}))
    source = forms.ChoiceField(label=_("Source"), choices=ServiceRecord.Source.choices,
                               initial=ServiceRecord.Source.OTHER)
    description = forms.CharField(label=_("What was done"), max_length=200)


class ContactForm(BootstrapMixin, forms.Form):
    """The way comes from the big button pressed; the rest is optional."""

    way = forms.ChoiceField(label=_("Way"), choices=ApprenticeshipContact.Way.choices, widget=forms.HiddenInput)
    topic = forms.CharField(label=_("Topic (optional)"), max_length=200, required=False)
    next_step = forms.CharField(label=_("Next step (optional)"), max_length=200, required=False)
    hours = forms.DecimalField(label=_("Hours to credit (optional)"), required=False, max_digits=4, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24",
                                                               "inputmode": "decimal"}))
    date = forms.DateField(label=_("Another day (empty: today)"), required=False,
                           widget=date_input())
