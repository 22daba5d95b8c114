"""Forms of the meetings part: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, PersonChoiceField, SearchPicker, date_field, datetime_input, time_input

from .models import ActionStatus, Attendance, MeetingKind, MeetingStatus, Reply

DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]
NTHS = [(1, _("First")), (2, _("Second")), (3, _("Third")), (4, _("Fourth")), (-1, _("Last"))]


def _dt(label, required=True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, input_formats=DT_FORMATS, widget=datetime_input())


def _people(label, required=False, school=None):
    return PersonChoiceField(label=label, queryset=None, required=required, school=school)


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100, help_text=_("For example 十月关工委例会"))
    starts_at = _dt(_("Starts at"))
    ends_at = _dt(_("Ends at"), required=False)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    chair = PersonChoiceField(label=_("Chair"), queryset=None, required=False)
    recorder = PersonChoiceField(label=_("Minute taker"), queryset=None, required=False)
    agenda = forms.CharField(label=_("Agenda"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 5}), help_text=_("One item per line"))
    invitees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Invitees"), queryset=None, required=False, widget=SearchPicker(),
        help_text=_("Staff and elders; parents for a parents' committee meeting. Search by name and add one at a "
                    "time."))
    forum: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Student forum record"), queryset=None, required=False,
        help_text=_("For a student forum: the forum kept in Care."))
    joint_meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Joint meeting record"), queryset=None, required=False,
        help_text=_("For a joint meeting: the record kept with the partners."))

    def __init__(self, *args, people=None, invitable=None, forums=None, joints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["recorder"].queryset = people  # type: ignore[attr-defined]
        self.fields["invitees"].queryset = invitable  # type: ignore[attr-defined]
        self.fields["invitees"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        for name, qs in (("forum", forums), ("joint_meeting", joints)):
            if qs is None or isinstance(qs, list):
                del self.fields[name]
            else:
                self.fields[name].queryset = qs  # type: ignore[attr-defined]
                self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                    lambda r: f"{r.held_on:%Y-%m-%d} {getattr(r, 'title', '') or getattr(r, 'place', '')}")

    @staticmethod
    def initial_for(meeting) -> dict:
        return {"kind": meeting.kind, "title": meeting.title, "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at, "place": meeting.place, "chair": meeting.chair_id,
                "recorder": meeting.recorder_id, "agenda": meeting.agenda,
                "invitees": list(meeting.invitations.values_list("user_id", flat=True)),
                "forum": meeting.forum_id, "joint_meeting": meeting.joint_meeting_id}


class StepForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("circulate", "hold", "submit", "return", "approve",
                                                          "cancel")], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(BootstrapMixin, forms.Form):
    reply = forms.ChoiceField(label=_("Reply"), choices=[c for c in Reply.choices if c[0] != Reply.PENDING],
                              widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    invitation = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    attendance = forms.ChoiceField(choices=[c for c in Attendance.choices if c[0]])


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(label=_("Minutes"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 10}),
                              help_text=_("What was reported and discussed, a paragraph per line."))
    resolutions = forms.CharField(label=_("Resolutions"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line"))
    absent_note = forms.CharField(label=_("Others present or absent"), max_length=300, required=False)


class ActionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = PersonChoiceField(label=_("Owner"), queryset=None)
    due_on = date_field(_("Due on"))
    plan_task: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Plan task"), queryset=None, required=False)

    def __init__(self, *args, people=None, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        if tasks is None or isinstance(tasks, list):
            del self.fields["plan_task"]
        else:
            self.fields["plan_task"].queryset = tasks  # type: ignore[attr-defined]
            self.fields["plan_task"].label_from_instance = lambda t: t.title  # type: ignore[attr-defined]


class CloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Closing note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    drop = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MeetingFilterForm(BootstrapMixin, forms.Form):
    when = forms.ChoiceField(label=_("When"), required=False,
                             choices=[("", _("All")), ("coming", _("Coming")), ("past", _("Past"))])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *MeetingKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *MeetingStatus.choices])

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class ActionFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), ("overdue", _("Overdue")), *ActionStatus.choices])


class SeriesForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in MeetingKind.choices
                                                       if c[0] != MeetingKind.STUDENTS])
    title = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example 关工委月例会"))
    nth = forms.TypedChoiceField(label=_("Week of the month"), choices=NTHS, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAYS, coerce=int)
    time = forms.TimeField(label=_("Time"), widget=time_input())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=10, max_value=600, initial=90)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    chair = PersonChoiceField(label=_("Chair"), queryset=None, required=False)
    invitees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Invitees"), queryset=None, required=False, widget=SearchPicker())
    active = forms.BooleanField(label=_("Active"), required=False, initial=True,
                                help_text=_("An active series plans its next meeting by itself."))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["invitees"].queryset = people  # type: ignore[attr-defined]
        self.fields["invitees"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(series) -> dict:
        return {"kind": series.kind, "title": series.title, "nth": series.nth, "weekday": series.weekday,
                "time": series.time, "duration_minutes": series.duration_minutes, "place": series.place,
                "chair": series.chair_id, "active": series.active,
                "invitees": list(series.invitees.values_list("pk", flat=True))}
