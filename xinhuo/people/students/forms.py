"""The students' forms (issue 19). They only read the input; the services check it (roster's rules)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_input
from xinhuo.core.masking import mask_address, mask_id_card
from xinhuo.core.models import SchoolClass

from ..models import Gender, Student, StudentGuardian

STUDENT_FIELDS = ("name", "gender", "student_no", "id_card", "birth_date", "enrolment_date", "address")


class StudentForm(BootstrapMixin, forms.Form):
    """A student's own fields. Editing, the ID card and the address are not shown (the full value is a logged
    reveal): left empty, they are kept."""

    name = forms.CharField(label=_("Full name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    student_no = forms.CharField(label=_("Student number"), max_length=30)
    id_card = forms.CharField(label=_("ID-card number"), max_length=30, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                              help_text=_("18 characters; the birth date and gender are checked against it."))
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=date_input(max_today=True),
                                 help_text=_("Empty: taken from the ID-card number."))
    enrolment_date = forms.DateField(label=_("Enrolment date"), required=False, widget=date_input())
    address = forms.CharField(label=_("Home address"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, student: Student | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if student is not None:
            masks = {"id_card": mask_id_card(student.id_card), "address": mask_address(student.address)}
            for name, masked in masks.items():
                f = self.fields[name]
                f.widget.attrs["placeholder"] = masked or ""
                f.help_text = _("Leave empty to keep the recorded value (shown masked).") if masked else ""

    def student_values(self) -> dict:
        return {k: self.cleaned_data[k] for k in STUDENT_FIELDS}


class StudentAddForm(StudentForm):
    """A student joining the school mid-term, in a class, with their first guardian when there is none yet."""

    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none(), widget=FastSelect)
    reason = forms.CharField(label=_("Note for the class history"), max_length=200, required=False,
                             help_text=_("For example: transferred from which school."))
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=50, required=False)
    guardian_relation = forms.ChoiceField(label=_("Relation"), required=False,
                                          choices=[("", "—"), *StudentGuardian.Relation.choices])
    guardian_phone = forms.CharField(label=_("Guardian's mobile number"), max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))

    field_order = ["name", "gender", "student_no", "school_class", "id_card", "birth_date", "enrolment_date",
                   "address", "reason", "guardian_name", "guardian_relation", "guardian_phone"]

    def __init__(self, *args, classes, **kwargs):
        kwargs.setdefault("initial", {"enrolment_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {**self.student_values(), "school_class": d["school_class"], "reason": d["reason"],
                "guardian_name": d["guardian_name"], "guardian_relation": d["guardian_relation"],
                "guardian_phone": d["guardian_phone"]}


class MoveForm(BootstrapMixin, forms.Form):
    school_class = forms.ModelChoiceField(label=_("New class"), queryset=SchoolClass.objects.none(),
                                          widget=FastSelect)
    on = forms.DateField(label=_("Date"), required=False, widget=date_input(max_today=True),
                         help_text=_("Empty: today."))
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]


class LeaveForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Left school on"), widget=date_input(max_today=True))
    reason = forms.CharField(label=_("Reason"), max_length=200,
                             help_text=_("For example: transferred to which school. Pairs and tags are closed with "
                                         "this note."))


class ReturnForm(BootstrapMixin, forms.Form):
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none(), widget=FastSelect)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]
