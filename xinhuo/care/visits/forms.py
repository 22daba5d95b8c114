"""Forms of the visits part: the plan's filters, a home visit with up to three follow-up items inline, closing a
follow-up item, a forum. They only parse input; the services check the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, PersonChoiceField, SearchPicker, date_input
from xinhuo.core.models import User

from ..models import VisitorKind, VisitWay
from .plan import DUE, FINE, OVERDUE
from .services import FOLLOW_UPS_AT_ONCE

ALL = [("", _("All"))]
STATUS_CHOICES = [("", _("All")), (OVERDUE, _("Overdue")), (DUE, _("Due soon")), (FINE, _("Fine"))]


class OwnerField(PersonChoiceField):
    """An owner: two teachers of one name are told apart (core.forms.person_labels)."""


class StudentMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.school_class} {obj.name} ({obj.student_no})"


# the plan


class PlanFilterForm(BootstrapMixin, forms.Form):
    class_id = forms.TypedChoiceField(label=_("Class"), required=False, coerce=int, empty_value=None,
                                      widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES, widget=FastSelect)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_id"].choices = ALL + [(c.pk, str(c)) for c in classes]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"class_id": None, "status": None}
        return {"class_id": self.cleaned_data.get("class_id"), "status": self.cleaned_data.get("status") or None}


# home visits


class HomeVisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=date_input(max_today=True))
    way = forms.ChoiceField(label=_("Way"), choices=VisitWay.choices,
                            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                            help_text=_("A video call suits the parents of left-behind children who work far "
                                        "away."))
    visitor_kinds = forms.MultipleChoiceField(label=_("Who visited"), choices=VisitorKind.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    visitors = forms.CharField(label=_("Visitors' names"), max_length=200,
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    findings = forms.CharField(label=_("Findings"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What the school needs to act on; seen by whoever sees the visit."))
    notes = forms.CharField(label=_("Notes (sensitive)"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("The family's circumstances: kept encrypted, and every reading is logged."))

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitor_kinds"].required = False  # the service says what is missing, in Chinese
        for i in range(1, FOLLOW_UPS_AT_ONCE + 1):
            self.fields[f"follow_up_{i}"] = forms.CharField(
                label=_("Follow-up item %(n)d") % {"n": i}, required=False, max_length=300,
                widget=forms.TextInput(attrs={"autocomplete": "off"}))
            self.fields[f"owner_{i}"] = OwnerField(
                label=_("Owner"), required=False, empty_label="—", widget=FastSelect,
                queryset=owners if owners is not None else User.objects.none())
            self.fields[f"due_on_{i}"] = forms.DateField(label=_("Due by"), required=False, widget=date_input())
            for name in (f"follow_up_{i}", f"owner_{i}", f"due_on_{i}"):
                widget = self.fields[name].widget
                widget.attrs.setdefault("class", "form-select" if name.startswith("owner") else "form-control")

    def main_fields(self):
        return [self[n] for n in ("visited_on", "way", "visitor_kinds", "visitors", "findings", "notes")]

    def follow_up_rows(self):
        return [(i, self[f"follow_up_{i}"], self[f"owner_{i}"], self[f"due_on_{i}"])
                for i in range(1, FOLLOW_UPS_AT_ONCE + 1)]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "visited_on": d["visited_on"], "way": d["way"], "visitor_kinds": d.get("visitor_kinds") or [],
            "visitors": d["visitors"], "notes": d.get("notes", ""), "findings": d.get("findings", ""),
            "follow_ups": [{"text": d.get(f"follow_up_{i}", ""), "owner": d.get(f"owner_{i}"),
                            "due_on": d.get(f"due_on_{i}")} for i in range(1, FOLLOW_UPS_AT_ONCE + 1)],
        }


# follow-up items


class FollowUpFilterForm(BootstrapMixin, forms.Form):
    mine = forms.BooleanField(label=_("Mine only"), required=False)
    source = forms.ChoiceField(label=_("Comes from"), required=False, widget=FastSelect,
                               choices=ALL + [("home_visit", _("Home visits")), ("forum", _("Forums"))])
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect,
                               choices=ALL + [("open", _("Still open")), ("closed", _("Closed"))])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"mine": bool(d.get("mine")), "source": d.get("source") or "", "status": d.get("status") or "",
                "overdue": bool(d.get("overdue"))}


class FollowUpCloseForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(label=_("Result"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpAddForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Follow-up item"), required=False, max_length=300)
    owner = OwnerField(label=_("Owner"), required=False, queryset=User.objects.none(), empty_label="—",
                       widget=FastSelect)
    due_on = forms.DateField(label=_("Due by"), required=False, widget=date_input())

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


# forums


class ForumForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=date_input(max_today=True))
    title = forms.CharField(label=_("Title"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    participants = StudentMultipleField(label=_("Student participants"), queryset=None, required=False,
                                        widget=SearchPicker(),
                                        help_text=_("Search by name, class or student number and add the students "
                                                    "one at a time."))
    other_participants = forms.CharField(label=_("Other participants"), max_length=300, required=False,
                                         help_text=_("Teachers, elders, parents who took part."))
    minutes = forms.CharField(label=_("Minutes"), max_length=10000, required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is not None:
            self.fields["participants"].queryset = students  # type: ignore[attr-defined]
            # options grouped by class: a forum has a representative or two from each class, among thousands
            by_class: dict[str, list] = {}
            for s in students:
                by_class.setdefault(str(s.school_class), []).append((s.pk, f"{s.name}（{s.student_no}）"))
            self.fields["participants"].widget.choices = list(by_class.items())

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k) for k in ("held_on", "title", "place", "other_participants", "minutes")} | {
            "participants": list(d.get("participants") or [])}
