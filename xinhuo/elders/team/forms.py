"""Forms of the committee's team: apprenticeship pairs, the young teacher reserve, research projects and awards.

Choice lists hold every record of the school (with its status in the label), not only the valid ones:
the services refuse a paused mentor or a teacher already in the reserve with a message that says why,
which a missing option would not."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field

from ..models import ApprenticeshipPair, Award, Elder, Participation, ResearchProject, YoungTeacher


def _elder_label(elder: Elder) -> str:
    if elder.status == Elder.Status.ACTIVE:
        return elder.name
    return f"{elder.name}（{elder.get_status_display()}）"


def _teacher_label(yt: YoungTeacher) -> str:
    return yt.staff.name if yt.active else f"{yt.staff.name}（{_('left the reserve')}）"


class _ElderChoice(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return _elder_label(obj)


class _ElderMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _elder_label(obj)


class _TeacherChoice(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return _teacher_label(obj)


class _TeacherMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _teacher_label(obj)


class PairFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or pinyin initials")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All"))] + ApprenticeshipPair.Kind.choices)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), ("active", _("Ongoing")), ("ended", _("Ended"))])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class PairForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ApprenticeshipPair.Kind.choices, widget=forms.RadioSelect)
    mentor = _ElderChoice(label=_("Mentor"), queryset=Elder.objects.none(), widget=FastSelect)
    mentee_elder = _ElderChoice(label=_("New elder"), queryset=Elder.objects.none(), required=False,
                                widget=FastSelect, help_text=_("For a pair of a senior elder and a new elder."))
    mentee_teacher = _TeacherChoice(label=_("Young teacher"), queryset=YoungTeacher.objects.none(), required=False,
                                    widget=FastSelect, help_text=_("For a pair of an elder and a young teacher."))
    started_on = date_field(_("Started on"))
    contact_every_days = forms.IntegerField(label=_("Contact every (days)"), min_value=1, max_value=365, initial=30,
                                            help_text=_("A pair not in contact for longer is shown as overdue."))
    goals = forms.CharField(label=_("Goals"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, elders=None, teachers=None, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate(), "contact_every_days": 30,
                                      "kind": ApprenticeshipPair.Kind.NEW_ELDER})
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-check-input"
        if elders is not None:
            self.fields["mentor"].queryset = elders  # type: ignore[attr-defined]
            self.fields["mentee_elder"].queryset = elders  # type: ignore[attr-defined]
        if teachers is not None:
            self.fields["mentee_teacher"].queryset = teachers  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        if data.get("kind") == ApprenticeshipPair.Kind.NEW_ELDER and not data.get("mentee_elder"):
            self.add_error("mentee_elder", _("Choose the new elder to be mentored."))
        if data.get("kind") == ApprenticeshipPair.Kind.YOUNG_TEACHER and not data.get("mentee_teacher"):
            self.add_error("mentee_teacher", _("Choose the young teacher to be mentored."))
        return data


class PairEndForm(BootstrapMixin, forms.Form):
    ended_on = date_field(_("Ended on"))
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What the pair achieved; it stays on the pair's record."),
                              error_messages={"required": _("Write a short summary of what the pair achieved.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class YoungTeacherFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin initials or subject")}))
    stage = forms.ChoiceField(label=_("Roadmap stage"), required=False,
                              choices=[("", _("All"))] + YoungTeacher.Stage.choices)
    active = forms.ChoiceField(label=_("In the reserve"), required=False,
                               choices=[("1", _("Yes")), ("0", _("No")), ("", _("All"))])

    def filters(self) -> dict:
        """By default (a first visit, or a page link of it) only those in the reserve."""
        if not self.is_bound or not self.is_valid():
            return {"active": "1"}
        data = dict(self.cleaned_data)
        if "active" not in self.data:
            data["active"] = "1"
        return data


class YoungTeacherForm(BootstrapMixin, forms.Form):
    staff: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Teacher"), queryset=None, widget=FastSelect, empty_label="—",  # type: ignore[arg-type]
        help_text=_("A staff member of the school, in post."))
    joined_on = date_field(_("Joined on"))
    goals = forms.CharField(label=_("Growth goals"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff=None, **kwargs):
        kwargs.setdefault("initial", {"joined_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        field.queryset = staff  # type: ignore[attr-defined]
        in_reserve = _("in the reserve")

        def label(s) -> str:
            text = f"{s.name}（{s.staff_no}{' · ' + s.subject if s.subject else ''}）"
            return f"{text} — {in_reserve}" if getattr(s, "in_reserve", False) else text

        field.label_from_instance = label  # type: ignore[attr-defined]


class StageForm(BootstrapMixin, forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=YoungTeacher.Stage.choices)
    reached_on = date_field(_("Reached on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"reached_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ParticipationForm(BootstrapMixin, forms.Form):
    date = date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Participation.Kind.choices)
    description = forms.CharField(label=_("What they did"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0"), max_value=Decimal("24"), decimal_places=1,
                               max_digits=4, initial=Decimal("2"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "hours": Decimal("2")})
        super().__init__(*args, **kwargs)


class ExportForm(BootstrapMixin, forms.Form):
    start = date_field(_("From"), required=False)
    end = date_field(_("Until"), required=False)
    teacher = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        if start and end and (end - start).days > 366 * 5:
            self.add_error("end", _("Export at most five years at a time."))
        return data


class ProjectFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Title or leader")}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + ResearchProject.Status.choices)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class ProjectForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    leader = _TeacherChoice(label=_("Leader"), queryset=YoungTeacher.objects.none(), widget=FastSelect)
    members = _TeacherMultiple(label=_("Members"), queryset=YoungTeacher.objects.none(), required=False,
                               widget=forms.CheckboxSelectMultiple)
    advisors = _ElderMultiple(label=_("Elder advisors"), queryset=Elder.objects.none(), required=False,
                              widget=forms.CheckboxSelectMultiple)
    level = forms.CharField(label=_("Level of the project"), required=False, max_length=30,
                            help_text=_("For example 校级, 县级, 市级."))
    started_on = date_field(_("Started on"))
    due_on = date_field(_("Due on"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ResearchProject.Status.choices)
    outcomes = forms.CharField(label=_("Outcomes"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("Papers, lessons, reports, awards of the project."))

    def __init__(self, *args, teachers=None, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teachers is not None:
            self.fields["leader"].queryset = teachers  # type: ignore[attr-defined]
            self.fields["members"].queryset = teachers  # type: ignore[attr-defined]
        if elders is not None:
            self.fields["advisors"].queryset = elders  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        if data.get("started_on") and data.get("due_on") and data["due_on"] < data["started_on"]:
            self.add_error("due_on", _("The due date cannot be before the start date."))
        return data

    @staticmethod
    def initial_for(project: ResearchProject) -> dict:
        return {"title": project.title, "leader": project.leader_id, "members": [m.pk for m in project.members.all()],
                "advisors": [a.pk for a in project.advisors.all()], "level": project.level,
                "started_on": project.started_on, "due_on": project.due_on, "status": project.status,
                "outcomes": project.outcomes}


class OutcomesForm(BootstrapMixin, forms.Form):
    outcomes = forms.CharField(label=_("Outcomes"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("Papers, lessons, reports, awards of the project."))


class AwardFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, award or certificate number")}))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1949, max_value=2200)
    level = forms.ChoiceField(label=_("Level of the award"), required=False,
                              choices=[("", _("All"))] + Award.Level.choices)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class AwardForm(BootstrapMixin, forms.Form):
    elder = _ElderChoice(label=_("Elder"), queryset=Elder.objects.none(), widget=FastSelect)
    title = forms.CharField(label=_("Award"), max_length=100, help_text=_("For example 优秀五老."))
    level = forms.ChoiceField(label=_("Level of the award"), choices=Award.Level.choices)
    awarded_on = date_field(_("Awarded on"))
    issuer = forms.CharField(label=_("Issued by"), max_length=100, help_text=_("For example 学校关工委."))
    citation = forms.CharField(label=_("Citation"), required=False, max_length=300,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Printed on the certificate and shown on the honour wall (at most 300 "
                                           "characters)."))
    on_wall = forms.BooleanField(label=_("Show on the honour wall"), required=False, initial=True)

    def __init__(self, *args, elders=None, **kwargs):
        kwargs.setdefault("initial", {"awarded_on": timezone.localdate(), "on_wall": True,
                                      "level": Award.Level.SCHOOL})
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["elder"].queryset = elders  # type: ignore[attr-defined]
