from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, WorkbookUploadForm, date_input
from xinhuo.core.models import Department, Grade, SchoolClass

from .models import Consent, ConsentPurpose, Gender, Student


class StudentFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin initials or student number")}))
    grade = forms.ModelChoiceField(label=_("Grade"), queryset=Grade.objects.none(), required=False,
                                   widget=FastSelect)
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none(), required=False,
                                          widget=FastSelect)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", _("All"))] + Gender.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + Student.Status.choices, required=False)

    def __init__(self, *args, grades=None, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grades is not None:
            self.fields["grade"].queryset = grades  # type: ignore[attr-defined]
        if classes is not None:
            self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d["q"],
            "grade": d["grade"].pk if d["grade"] else None,
            "school_class": d["school_class"].pk if d["school_class"] else None,
            "gender": d["gender"],
            "status": d["status"],
        }


class SearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or pinyin initials")}))


class StaffFilterForm(SearchForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments  # type: ignore[attr-defined]


# --- consent register -------------------------------------------------------------------------


class ConsentRecordForm(BootstrapMixin, forms.Form):
    """A paper or in-person consent, written down by a head teacher or an administrator."""

    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_by = forms.ChoiceField(label=_("Given by"))
    method = forms.ChoiceField(
        label=_("Method"), initial=Consent.Method.PAPER,
        choices=[(Consent.Method.PAPER, Consent.Method.PAPER.label),
                 (Consent.Method.IN_PERSON, Consent.Method.IN_PERSON.label)],
    )
    date = forms.DateField(label=_("Date given"), widget=date_input(),
                           help_text=_("The date on the signed form."))
    note = forms.CharField(label=_("Note"), required=False, max_length=200,
                           help_text=_("For example where the signed form is kept."))

    def __init__(self, *args, student: Student, **kwargs):
        super().__init__(*args, **kwargs)
        self.links = {str(link.guardian_id): link for link in student.guardian_links.all()}
        choices = [(f"g{gid}", f"{link.guardian.name}（{link.get_relation_display()}）")
                   for gid, link in self.links.items()]
        choices.append(("student", _("The student (%(name)s), 14 or older") % {"name": student.name}))
        self.fields["given_by"].choices = choices  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        given_by = d["given_by"]
        if given_by == "student":
            party, guardian = Consent.Party.STUDENT, None
        else:
            party, guardian = Consent.Party.GUARDIAN, self.links[given_by[1:]].guardian
        return {"purpose": d["purpose"], "method": d["method"], "date": d["date"], "note": d["note"],
                "party": party, "guardian": guardian}


class ConsentGiveForm(forms.Form):
    """What the 'I agree' button posts: whose consent, for what, and the notice version that was read."""

    student = forms.IntegerField(min_value=1)
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)
    version = forms.IntegerField(min_value=1, max_value=32767)


class ConsentNoticeForm(BootstrapMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("What the data is used for, who sees it, how long it is kept, and that the "
                                       "consent can be withdrawn at any time."))
    effective_from = forms.DateField(
        label=_("Effective from"), required=False,
        widget=date_input(),
        help_text=_("Empty: today. From this date, consents to earlier versions no longer count."),
    )


class ConsentRegisterFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin initials or student number")}))
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none(), required=False,
                                          widget=FastSelect)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=[("", _("All"))] + ConsentPurpose.choices,
                                required=False)
    state = forms.ChoiceField(label=_("Consent for that purpose"), required=False, choices=[
        ("", _("All")), ("complete", _("Complete")), ("missing", _("Missing"))])

    def __init__(self, *args, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if classes is not None:
            self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"q": d["q"], "school_class": d["school_class"].pk if d["school_class"] else None,
                "purpose": d["purpose"], "state": d["state"]}


# --- roster import and export (ORG-4) ---------------------------------------------------------


class RosterUploadForm(WorkbookUploadForm):
    file_label = _("Roster workbook (.xlsx)")


class RosterExportForm(BootstrapMixin, forms.Form):
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none(), required=False,
                                          empty_label=_("All my classes"), widget=FastSelect)

    def __init__(self, *args, classes=None, whole_school: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["school_class"]
        if classes is not None:
            field.queryset = classes  # type: ignore[attr-defined]
        if whole_school:
            field.empty_label = _("All classes")  # type: ignore[attr-defined]
