"""Forms of the study part: programmes of the study help desk and career guidance, their sessions and sign-ups.
They only parse input; the services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_input, time_input

from ..models import Mentor, ProgramKind
from .services import PROGRAM_CAPACITY_MAX, PROGRAM_TEXT_MAX

ALL = [("", _("All"))]


class TutorField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.get_kind_display()}"


class StudentField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.school_class.grade.name}{obj.school_class.name}"


class ProgramFilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + ProgramKind.choices, widget=FastSelect)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"kind": ""}
        return {"kind": self.cleaned_data.get("kind") or ""}


class ProgramForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=PROGRAM_TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    tutor = TutorField(label=_("Tutor"), queryset=Mentor.objects.none(), required=False,
                       help_text=_("A growth mentor of the school: a peer tutor is a peer-student mentor, a retired "
                                   "teacher an elder mentor. The tutor keeps the sessions and the attendance."))
    host = forms.CharField(label=_("Host"), required=False, max_length=100,
                           help_text=_("Who runs it, for example a company hosting job shadowing."))
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=PROGRAM_CAPACITY_MAX,
                                  help_text=_("Leave empty for no limit."))
    signup_open = forms.BooleanField(label=_("Sign-up open"), required=False, initial=True)

    def __init__(self, *args, tutors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tutors is not None:
            self.fields["tutor"].queryset = tutors  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("kind", "title", "description", "tutor", "host", "place", "capacity",
                                  "signup_open")}


class SignupForm(BootstrapMixin, forms.Form):
    """Which student: a parent of several children chooses; one candidate is taken without asking."""

    student = StudentField(label=_("Student"), queryset=Mentor.objects.none(), required=False)

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(students) if students is not None else []
        self.fields["student"].queryset = students  # type: ignore[attr-defined]

    def chosen(self):
        """The chosen student, the only candidate when there is one, or None."""
        if self.is_valid() and self.cleaned_data.get("student"):
            return self.cleaned_data["student"]
        if len(self.candidates) == 1 and not self.data.get("student"):
            return self.candidates[0]
        return None


class SessionForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=date_input(attrs={"class": "form-control"}))
    starts_at = forms.TimeField(label=_("Starts at"), required=False,
                                widget=time_input())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), required=False, max_length=100,
                            help_text=_("Empty: the programme's place."))
