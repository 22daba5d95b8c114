from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect
from xinhuo.core.models import Department, Grade, SchoolClass

from .models import Gender, Student


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
