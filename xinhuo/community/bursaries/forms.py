"""Forms of the bursaries part: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, date_field, date_input

from .models import Donor, DonorKind, Fund, FundStatus, GrantStatus
from .selectors import grade_name


class DonorForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DonorKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    named_publicly = forms.BooleanField(
        label=_("Agrees to be named publicly"), required=False,
        help_text=_("Without consent, pages and reports outside the committee say 爱心人士."))
    note = forms.CharField(label=_("Note"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(donor: Donor) -> dict:
        return {"kind": donor.kind, "name": donor.name, "contact_person": donor.contact_person,
                "phone": donor.phone, "named_publicly": donor.named_publicly, "note": donor.note}


class _DonorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class FundForm(BootstrapMixin, forms.Form):
    donor = _DonorChoice(label=_("Donor"), queryset=Donor.objects.none())
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example 王氏爱心助学金"))
    purpose = forms.CharField(label=_("Purpose"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    group_codes = forms.MultipleChoiceField(label=_("Only students of the special groups"), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("None ticked: any student."))
    grade_min = forms.TypedChoiceField(label=_("From grade"), required=False, coerce=int, empty_value=None)
    grade_max = forms.TypedChoiceField(label=_("To grade"), required=False, coerce=int, empty_value=None)
    max_per_student_year = forms.DecimalField(label=_("At most per student and school year (yuan)"),
                                              required=False, max_digits=10, decimal_places=2, min_value=0)
    status = forms.ChoiceField(label=_("Status"), choices=FundStatus.choices, initial=FundStatus.OPEN)

    def __init__(self, *args, donors=None, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        if donors is not None:
            self.fields["donor"].queryset = donors  # type: ignore[attr-defined]
        self.fields["group_codes"].choices = list(groups)  # type: ignore[attr-defined]
        grades = [("", "—"), *[(str(level), grade_name(level)) for level in range(1, 13)]]
        self.fields["grade_min"].choices = grades  # type: ignore[attr-defined]
        self.fields["grade_max"].choices = grades  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(fund: Fund) -> dict:
        return {"donor": fund.donor_id, "name": fund.name, "purpose": fund.purpose, "group_codes": fund.group_codes,
                "grade_min": fund.grade_min, "grade_max": fund.grade_max,
                "max_per_student_year": fund.max_per_student_year, "status": fund.status}


class DonationForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=date_input(max_today=True))
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2)
    reference = forms.CharField(label=_("Transfer or receipt number"), max_length=100, required=False)
    receipt = forms.FileField(label=_("Receipt (PDF or photo)"), required=False)


class _StudentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.school_class} {obj.name}" if obj.school_class_id else obj.name


class _FundChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class GrantForm(BootstrapMixin, forms.Form):
    fund = _FundChoice(label=_("Fund"), queryset=Fund.objects.none())
    student = _StudentChoice(label=_("Student"), queryset=Fund.objects.none(),
                             help_text=_("Students with a special-group tag you can see."))
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2)
    granted_on = date_field(_("Date"))
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The family's need, in a few words; seen by the committee only."))

    def __init__(self, *args, funds=None, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if funds is not None:
            self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
        if students is not None:
            self.fields["student"].queryset = students  # type: ignore[attr-defined]


class StepForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("approve", "return", "reject", "resubmit", "pay")],
                               widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    paid_on = forms.DateField(label=_("Paid on"), widget=date_input(max_today=True), required=False)


class GrantFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Student"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *GrantStatus.choices])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
