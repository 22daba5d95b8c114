"""Forms of the committee part. They only parse input; the services check the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field

from .models import DUTIES_MAX, MINUTES_MAX, NOTES_MAX, PURPOSE_MAX, RESOLUTIONS_MAX, TOPICS_MAX, CommitteeLevel
from .models import SeatPosition as P

ALL = [("", _("All"))]
NONE = [("", "—")]


def int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class CommitteeFilterForm(BootstrapMixin, forms.Form):
    year = forms.ChoiceField(label=_("School year"), required=False, widget=FastSelect)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=ALL + CommitteeLevel.choices,
                              widget=FastSelect)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y.pk), y.name) for y in years]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"year": int_or_none(self.cleaned_data.get("year")), "level": self.cleaned_data.get("level") or ""}


class CommitteeForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=CommitteeLevel.choices, widget=FastSelect)
    grade = forms.ChoiceField(label=_("Grade"), required=False, widget=FastSelect,
                              help_text=_("For a grade's committee."))
    school_class = forms.ChoiceField(label=_("Class"), required=False, widget=FastSelect,
                                     help_text=_("For a class's committee."))

    def __init__(self, *args, grades=(), classes=(), class_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.grades = {g.pk: g for g in grades}
        self.classes = {c.pk: c for c in classes}
        if class_only:  # a head teacher: their class's committee
            self.fields["level"].choices = [(CommitteeLevel.CLASS, CommitteeLevel.CLASS.label)]  # type: ignore
            del self.fields["grade"]
        else:
            self.fields["grade"].choices = NONE + [(str(g.pk), g.name) for g in grades]  # type: ignore
        self.fields["school_class"].choices = NONE + [(str(c.pk), str(c)) for c in classes]  # type: ignore

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"level": d["level"], "grade": self.grades.get(int_or_none(d.get("grade")) or 0),
                "school_class": self.classes.get(int_or_none(d.get("school_class")) or 0)}


class SeatForm(BootstrapMixin, forms.Form):
    guardian = forms.TypedChoiceField(label=_("Parent"), coerce=int, widget=FastSelect)
    position = forms.ChoiceField(label=_("Position"), choices=P.choices, initial=P.MEMBER, widget=FastSelect)
    duties = forms.CharField(label=_("Duties"), required=False, max_length=DUTIES_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For example: home-school communication, organising activities."))
    term_from = date_field(_("Term from"))
    term_to = date_field(_("Term to"), required=False)

    def __init__(self, *args, guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = NONE + list(guardians)  # type: ignore[attr-defined]


class SeatEndForm(BootstrapMixin, forms.Form):
    ended_on = date_field(_("Left on"))
    note = forms.CharField(label=_("Reason"), required=False, max_length=200)


class MeetingForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    held_on = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    attendees = forms.TypedMultipleChoiceField(label=_("Members present"), coerce=int, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    topics = forms.CharField(label=_("Topics"), required=False, max_length=TOPICS_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=MINUTES_MAX,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("Kept encrypted; read by the committee's members once approved."))
    resolutions = forms.CharField(label=_("Resolutions"), required=False, max_length=RESOLUTIONS_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.guardian.name}（{s.get_position_display()}）") for s in seats]


class GroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example: 留守儿童家庭互助组."))
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=PURPOSE_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    coordinator_staff = forms.TypedChoiceField(label=_("Coordinator (a staff member)"), coerce=int, required=False,
                                               empty_value=None, widget=FastSelect)
    coordinator_guardian = forms.TypedChoiceField(label=_("Coordinator (a parent)"), coerce=int, required=False,
                                                  empty_value=None, widget=FastSelect,
                                                  help_text=_("Choose one coordinator."))

    def __init__(self, *args, staff=(), guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {s.pk: s for s in staff}
        self.fields["coordinator_staff"].choices = NONE + [(s.pk, s.name) for s in staff]  # type: ignore
        self.fields["coordinator_guardian"].choices = NONE + list(guardians)  # type: ignore


class GroupMemberForm(BootstrapMixin, forms.Form):
    guardian = forms.TypedChoiceField(label=_("Parent"), coerce=int, widget=FastSelect)
    joined_on = date_field(_("Joined on"), required=False)

    def __init__(self, *args, guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = NONE + list(guardians)  # type: ignore[attr-defined]


class GroupMeetingForm(BootstrapMixin, forms.Form):
    held_on = date_field(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=100)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Kept encrypted."))


class ClassPickForm(BootstrapMixin, forms.Form):
    school_class = forms.ChoiceField(label=_("Class"), required=False, widget=FastSelect)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].choices = NONE + [(str(c.pk), str(c)) for c in classes]  # type: ignore

    def class_id(self) -> int | None:
        return int_or_none(self.cleaned_data.get("school_class")) if self.is_valid() else None
