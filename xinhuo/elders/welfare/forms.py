"""Forms of the elders' welfare: care visits, health checks, recreation. They only parse input; the
services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, date_input

from ..common import ElderChoiceField
from ..models import CareVisit, Elder, RecreationEvent

NOTES_MAX = CareVisit._meta.get_field("notes").max_length  # one limit: the model's, as in the service and API


class ElderMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CareVisitForm(BootstrapMixin, forms.Form):
    elder = ElderChoiceField(label=_("Elder"), queryset=Elder.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=CareVisit.Kind.choices)
    planned_on = forms.DateField(label=_("Planned for"))
    visitors = forms.CharField(label=_("Visitors"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=NOTES_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["elder"].queryset = elders  # type: ignore[attr-defined]
        self.fields["planned_on"].widget = date_input()
        self.fields["planned_on"].widget.attrs["class"] = "form-control"


class CareVisitDoneForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label=_("Done on"))
    visitors = forms.CharField(label=_("Visitors"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes of the visit"), max_length=NOTES_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("How the elder is, what they asked for, what to follow up."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].widget = date_input(max_today=True)
        self.fields["done_on"].widget.attrs["class"] = "form-control"


class HealthCheckForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Health check on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget = date_input(max_today=True)
        self.fields["date"].widget.attrs["class"] = "form-control form-control-sm"


class RecreationForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=RecreationEvent._meta.get_field("notes").max_length,
                            required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    participants = ElderMultipleField(label=_("Participants"), queryset=Elder.objects.none(), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["participants"].queryset = elders  # type: ignore[attr-defined]
        self.fields["date"].widget = date_input()
        self.fields["date"].widget.attrs["class"] = "form-control"
