"""Forms of the activities pages: they parse what the browser sends; the services decide what is allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, FastSelectMultiple, SearchPicker, datetime_input
from xinhuo.core.models import Grade, SchoolClass

from .models import ActivityKind, ActivityStatus

if TYPE_CHECKING:
    from xinhuo.elders.models import Elder

DT_FORMAT = "%Y-%m-%dT%H:%M"


def dt_field(label, required=True, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, input_formats=[DT_FORMAT, "%Y-%m-%d %H:%M"],
                               widget=datetime_input(), **kwargs)


def text(label, max_length, rows=3, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


# the fields a kind needs, shown by the form's script only for that kind (data-kinds on their wrapper)
KIND_FIELDS = {
    "speaker": (ActivityKind.FLAG_CEREMONY, ActivityKind.LECTURE),
    "route": (ActivityKind.STUDY_TRIP,),
    "handbook": (ActivityKind.STUDY_TRIP,),
    "sharing_at": (ActivityKind.STUDY_TRIP,),
    "sharing_place": (ActivityKind.STUDY_TRIP,),
    "scenario": (ActivityKind.DRILL,),
}


class ActivityForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    theme = forms.CharField(label=_("Theme"), max_length=100, required=False,
                            help_text=_("For example a commemoration day's theme, or the topic of the speech."))
    objectives = text(_("Objectives"), 2000)
    starts_at = dt_field(_("Starts at"))
    ends_at = dt_field(_("Ends at"))
    off_day_confirmed = forms.BooleanField(
        label=_("Held on a weekend or public holiday: confirmed"), required=False,
        help_text=_("Needed when the activity starts on a non-working day."))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    organisers = forms.CharField(label=_("Organising departments"), max_length=200, required=False)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False,
                               help_text=_("Who it is for, in words: for example 初一全体学生及家长."))
    # the queryset comes from the view (the elders app's selector)
    elders: forms.ModelMultipleChoiceField[Elder] = forms.ModelMultipleChoiceField(
        label=_("Elders involved"), queryset=None, required=False, widget=SearchPicker())
    safety_plan = text(_("Safety plan"), 4000, rows=4)
    budget_request = forms.DecimalField(label=_("Budget request (yuan)"), required=False, min_value=0,
                                        max_digits=10, decimal_places=2)
    speaker = forms.CharField(label=_("Speaker"), max_length=50, required=False)
    route = text(_("Route"), 2000, help_text=_("The stops in order, one per line."))
    handbook = text(_("Study trip handbook"), 20000, rows=6)
    sharing_at = dt_field(_("Results-sharing session"), required=False)
    sharing_place = forms.CharField(label=_("Results-sharing place"), max_length=100, required=False)
    scenario = text(_("Drill scenario"), 2000)
    audience_grades = forms.ModelMultipleChoiceField(label=_("Invite whole grades"), queryset=Grade.objects.none(),
                                                     required=False, widget=forms.CheckboxSelectMultiple)
    audience_classes = forms.ModelMultipleChoiceField(label=_("Invite classes"), queryset=SchoolClass.objects.none(),
                                                      required=False, widget=FastSelectMultiple(attrs={"size": 6}))
    audience_parents = forms.BooleanField(label=_("Open to parents"), required=False)
    audience_elders = forms.BooleanField(label=_("Open to elders"), required=False)
    audience_teachers = forms.BooleanField(label=_("Open to teachers"), required=False)
    signup_open = forms.BooleanField(label=_("Sign-up open"), required=False,
                                     help_text=_("Those invited sign up once the activity is approved."))
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1, max_value=100000,
                                  help_text=_("Empty: no limit. Beyond it, sign-ups go on a waiting list."))
    service_hours = forms.DecimalField(label=_("Service hours per attendee"), required=False, min_value=0,
                                       max_digits=4, decimal_places=1,
                                       help_text=_("Credited to each person checked in when the summary is written."))

    def __init__(self, *args, elders=None, classes=None, grades=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elders"].queryset = elders  # type: ignore[attr-defined]
        self.fields["audience_classes"].queryset = classes  # type: ignore[attr-defined]
        self.fields["audience_grades"].queryset = grades  # type: ignore[attr-defined]
        self.fields["kind"].widget = FastSelect(choices=ActivityKind.choices, attrs={"class": "form-select"})

    def kind_fields(self) -> list[tuple]:
        """The fields only some kinds need, with those kinds (the template's script shows them for those)."""
        return [(self[name], " ".join(kinds)) for name, kinds in KIND_FIELDS.items()]

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class TransitionForm(BootstrapMixin, forms.Form):
    comment = text(_("Comment"), 2000)


class SummaryForm(BootstrapMixin, forms.Form):
    summary = text(_("What happened"), 10000, rows=8)
    participants = forms.IntegerField(label=_("Number who took part"), min_value=0, max_value=1000000, required=False)
    effect = text(_("Effect"), 4000, rows=3, help_text=_("What changed for the students; the survey will tell more."))
    actual_cost = forms.DecimalField(label=_("Actual cost (yuan)"), required=False, min_value=0, max_digits=10,
                                     decimal_places=2, help_text=_(
                                         "What the activity cost in the end: finance closes its budget with it."))
    speaker = forms.CharField(label=_("Speaker"), max_length=50, required=False)
    theme = forms.CharField(label=_("Theme"), max_length=100, required=False)
    evacuation_seconds = forms.IntegerField(label=_("Evacuation time (seconds)"), required=False, min_value=1,
                                            max_value=3600)

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != ActivityKind.FLAG_CEREMONY:
            del self.fields["speaker"]
            del self.fields["theme"]
        if kind != ActivityKind.DRILL:
            del self.fields["evacuation_seconds"]


class SignupSettingsForm(BootstrapMixin, forms.Form):
    signup_open = forms.BooleanField(label=_("Sign-up open"), required=False)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1, max_value=100000)
    service_hours = forms.DecimalField(label=_("Service hours per attendee"), required=False, min_value=0,
                                       max_digits=4, decimal_places=1)


class PhotoForm(BootstrapMixin, forms.Form):
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class FileForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"), required=False)


class FieldTaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=100)
    instructions = text(_("Instructions"), 4000)
    due_at = dt_field(_("Due"), required=False)


class FieldWorkForm(BootstrapMixin, forms.Form):
    text = text(_("Answer to the task"), 4000, rows=4)
    file = forms.FileField(label=_("File"), required=False)


WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("Whole year"))]


class FilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN_CHOICES)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ActivityStatus.choices])
    mine = forms.BooleanField(label=_("Organised by me"), required=False)

    def filters(self) -> dict:
        """Upcoming activities unless asked otherwise (a year holds hundreds)."""
        if not self.is_valid():
            return {"when": "upcoming"}
        return {k: v for k, v in self.cleaned_data.items() if v} | {"when": self.cleaned_data["when"] or "upcoming"}
