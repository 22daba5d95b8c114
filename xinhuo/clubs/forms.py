"""Forms of the clubs app. They only parse input; the services validate the rules and say what is wrong."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, MultipleFileField, datetime_input
from xinhuo.core.models import User
from xinhuo.core.uploads import IMAGE_ACCEPT

from .models import ClubStatus, MeetingKind, MemberRole
from .services import CAPACITY_MAX, CAPTION_MAX, COMMENT_MAX, MEETING_TEXT_MAX, SUMMARY_MAX, TEXT_MAX

ALL = [("", _("All"))]
# BootstrapMixin would give a radio list "form-control"; the class set here comes first
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


class ElderField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        labels = obj.specialty_labels()
        return f"{obj.name} · {'、'.join(labels)}" if labels else obj.name


class TeacherField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ClubFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("For example 书法")}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + ClubStatus.choices,
                               widget=FastSelect)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "status": ""}
        return {"q": self.cleaned_data.get("q") or "", "status": self.cleaned_data.get("status") or ""}


class ClubForm(BootstrapMixin, forms.Form):
    ADVISOR_KINDS = [("elder", _("An elder")), ("teacher", _("A teacher"))]

    name = forms.CharField(label=_("Name"), max_length=TEXT_MAX["name"],
                           help_text=_("For example 书法社, 红色宣讲团, 科技创新社."))
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT_MAX["description"],
                                  widget=forms.Textarea(attrs={"rows": 3}))
    aims = forms.CharField(label=_("Aims"), required=False, max_length=TEXT_MAX["aims"],
                           widget=forms.Textarea(attrs={"rows": 3}))
    advisor_kind = forms.ChoiceField(label=_("Advisor"), choices=ADVISOR_KINDS, widget=RADIO)
    # the queryset comes from the view (the elders app's selector)
    advisor_elder = ElderField(label=_("Elder advisor"), queryset=None, required=False,
                               widget=FastSelect)
    advisor_user = TeacherField(label=_("Teacher advisor"), queryset=User.objects.none(), required=False,
                                widget=FastSelect)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=CAPACITY_MAX,
                                  help_text=_("Leave empty for no limit."))
    schedule = forms.CharField(label=_("Usual time"), required=False, max_length=TEXT_MAX["schedule"],
                               help_text=_("For example 每周三下午第四节."))
    place = forms.CharField(label=_("Usual place"), required=False, max_length=TEXT_MAX["place"])

    def __init__(self, *args, elders=None, teachers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if elders is not None:
            self.fields["advisor_elder"].queryset = elders  # type: ignore[attr-defined]
        if teachers is not None:
            self.fields["advisor_user"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["capacity"].widget.attrs["inputmode"] = "numeric"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        elder = d.get("advisor_elder") if d["advisor_kind"] == "elder" else None
        user = d.get("advisor_user") if d["advisor_kind"] == "teacher" else None
        return {"name": d["name"], "description": d["description"], "aims": d["aims"], "capacity": d["capacity"],
                "schedule": d["schedule"], "place": d["place"], "advisor_elder": elder, "advisor_user": user}

    @staticmethod
    def initial_for(club) -> dict:
        return {"name": club.name, "description": club.description, "aims": club.aims,
                "advisor_kind": "elder" if club.advisor_elder_id else "teacher",
                "advisor_elder": club.advisor_elder_id, "advisor_user": club.advisor_user_id,
                "capacity": club.capacity, "schedule": club.schedule, "place": club.place}


class ReviewForm(BootstrapMixin, forms.Form):
    ACTIONS = [("approve", _("Approve")), ("return", _("Return for changes")), ("reject", _("Reject"))]

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=RADIO)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Needed to return or reject: say what to change, or why."))


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))


class MemberAddForm(BootstrapMixin, forms.Form):
    """The student picked from the search results (a school's students are thousands: no select of them all)."""

    student = forms.ModelChoiceField(label=_("Student"), queryset=User.objects.none(), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER,
                             widget=forms.HiddenInput)

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is not None:
            self.fields["student"].queryset = students  # type: ignore[attr-defined]


class MemberSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Find a student"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("Name, pinyin initials or student number")}))


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=MEETING_TEXT_MAX["title"])
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=datetime_input())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=datetime_input())
    place = forms.CharField(label=_("Place"), required=False, max_length=MEETING_TEXT_MAX["place"])
    content = forms.CharField(label=_("Content"), required=False, max_length=MEETING_TEXT_MAX["content"],
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=_("What the members will do."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=MEETING_TEXT_MAX["notes"],
                            widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Afterwards: how it went."))

    def service_kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("kind", "title", "starts_at", "ends_at", "place", "content",
                                                  "notes")}

    @staticmethod
    def initial_for(meeting) -> dict:
        return {k: getattr(meeting, k) for k in ("kind", "title", "starts_at", "ends_at", "place", "content",
                                                 "notes")}


class ShowcaseForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(label=_("Summary"), max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("What the members showed, who came, what it achieved."))
    photos = MultipleFileField(label=_("Photos"), accept=IMAGE_ACCEPT,
                               help_text=_("Up to 9 at a time: JPEG, PNG or WebP."))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=CAPTION_MAX,
                              help_text=_("For the photos added now."))


def meeting_defaults(now: dt.datetime) -> dict:
    """A new meeting: next full hour, for an hour."""
    start = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=1)}
