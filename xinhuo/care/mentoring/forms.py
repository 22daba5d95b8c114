"""Forms of the mentoring part: growth mentors, mentoring pairs (with the matching request), contacts, the end of a
pair. They only parse input; the services check the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import KEEP, BootstrapMixin, FastSelect, PhoneKeepingField, date_input
from xinhuo.elders.models import Specialty, Weekday

from ..models import ContactWay, MentorKind, Need

ALL = [("", _("All"))]



class PersonChoiceField(forms.ModelChoiceField):
    """An elder, a teacher or a student, with what tells two of the same name apart."""

    def label_from_instance(self, obj) -> str:
        parts = [obj.name]
        if hasattr(obj, "student_no"):
            parts += [str(obj.school_class), obj.student_no]
        elif hasattr(obj, "staff_no"):
            parts.append(obj.staff_no)
        return " · ".join(parts)


class MentorFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + list(MentorKind.choices))
    active = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[*ALL, ("yes", _("Active")), ("no", _("Inactive"))])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"q": d["q"], "kind": d["kind"], "active": {"yes": True, "no": False}.get(d["active"])}


class MentorForm(BootstrapMixin, forms.Form):
    """A new growth mentor: who (by kind), their specialties, at most how many mentees."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MentorKind.choices,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    elder = PersonChoiceField(label=_("Elder"), queryset=None, required=False, widget=FastSelect,
                              help_text=_("For an elder: from the elders' registry."))
    staff = PersonChoiceField(label=_("Teacher"), queryset=None, required=False, widget=FastSelect)
    peer = PersonChoiceField(label=_("Peer student"), queryset=None, required=False, widget=FastSelect)
    name = forms.CharField(label=_("Volunteer's name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Volunteer's mobile number"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    specialties = forms.MultipleChoiceField(
        label=_("Specialties"), required=False, choices=Specialty.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Left empty for an elder, the specialties of the elders' registry are taken."))
    max_mentees = forms.IntegerField(label=_("At most mentees"), min_value=1, max_value=20, initial=3)
    active = forms.BooleanField(label=_("Takes new mentees"), required=False, initial=True)

    def __init__(self, *args, elders, staff, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elder"].queryset = elders  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["peer"].queryset = students  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        specialties = d["specialties"] or (None if d["kind"] == MentorKind.ELDER else [])
        return {"kind": d["kind"], "elder": d["elder"], "staff": d["staff"], "peer": d["peer"], "name": d["name"],
                "phone": d["phone"], "specialties": specialties, "max_mentees": d["max_mentees"],
                "active": d["active"]}


class MentorEditForm(BootstrapMixin, forms.Form):
    """What changes about a mentor: specialties, the limit, taking new mentees; a volunteer's name and number."""

    name = forms.CharField(label=_("Volunteer's name"), max_length=50)
    phone = PhoneKeepingField(label=_("Volunteer's mobile number"))
    specialties = forms.MultipleChoiceField(label=_("Specialties"), required=False, choices=Specialty.choices,
                                            widget=forms.CheckboxSelectMultiple)
    max_mentees = forms.IntegerField(label=_("At most mentees"), min_value=1, max_value=20)
    active = forms.BooleanField(label=_("Takes new mentees"), required=False)

    def __init__(self, *args, mentor, masked_phone: str = "", **kwargs):
        kwargs.setdefault("initial", {"name": mentor.name, "phone": masked_phone, "specialties": mentor.specialties,
                                      "max_mentees": mentor.max_mentees, "active": mentor.active})
        super().__init__(*args, **kwargs)
        if mentor.kind != MentorKind.VOLUNTEER:
            del self.fields["name"]
            del self.fields["phone"]
        else:
            self.fields["phone"].masked = masked_phone  # type: ignore[attr-defined]
            self.fields["phone"].help_text = _(
                "Shown masked. Leave it to keep the number, type a new one to change it.")

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        if d.get("phone") is KEEP:
            d["phone"] = None
        return d


class PairFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Student or mentor"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        *ALL, ("active", _("Ongoing")), ("overdue", _("Contact overdue")), ("ended", _("Ended"))])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"q": self.cleaned_data["q"], "status": self.cleaned_data["status"]}


class MatchForm(BootstrapMixin, forms.Form):
    """The student and what they need: enough to rank the mentors (sent by GET, or by htmx as the user types)."""

    student = PersonChoiceField(label=_("Student"), queryset=None, widget=FastSelect)
    needs = forms.MultipleChoiceField(label=_("Needs"), choices=Need.choices, widget=forms.CheckboxSelectMultiple)
    weekday = forms.TypedChoiceField(
        label=_("Contacts on (weekday)"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any day")), *Weekday.choices],
        help_text=_("Only elders record their weekly availability; for the others it is unknown."))

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        for name in ("student", "needs", "weekday"):
            self.fields[name].widget.attrs["data-match"] = "1"


class PairForm(MatchForm):
    """A new mentoring pair: the matching request, the contact plan, and the mentor chosen from the suggestions."""

    contact_every_days = forms.IntegerField(label=_("Contact every (days)"), min_value=1, max_value=90, initial=14)
    contact_plan = forms.CharField(label=_("Contact plan"), required=False, max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("For example: a phone call every other Sunday, a visit each month."))
    started_on = forms.DateField(label=_("Started on"), widget=date_input(max_today=True))
    mentor: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Mentor"), queryset=None, widget=forms.HiddenInput,
                                    error_messages={"required": _("Choose a mentor from the suggestions.")})

    def __init__(self, *args, students, mentors, **kwargs):
        super().__init__(*args, students=students, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"mentor": d["mentor"], "student": d["student"], "needs": d["needs"],
                "contact_plan": d["contact_plan"], "contact_every_days": d["contact_every_days"],
                "started_on": d["started_on"]}


class PairEndForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(label=_("Summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("What was done, and how the student is doing now."))
    ended_on = forms.DateField(label=_("Ended on"), widget=date_input(max_today=True))


class PairSummaryForm(BootstrapMixin, forms.Form):
    """The closing summary of a pair that ended without one (the year's rollover)."""

    summary = forms.CharField(label=_("Summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("What was done, and how the student is doing now."))


class ContactForm(BootstrapMixin, forms.Form):
    """A contact in a few taps: the way (big buttons), a topic, the next step; the date is today unless changed."""

    way = forms.ChoiceField(label=_("Way"), choices=ContactWay.choices, widget=forms.RadioSelect)
    topic = forms.CharField(label=_("Topic"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("What you talked about")}))
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    contacted_on = forms.DateField(label=_("Date"), widget=date_input(max_today=True))

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"way": d["way"], "topic": d["topic"], "next_step": d["next_step"],
                "contacted_on": d["contacted_on"]}
