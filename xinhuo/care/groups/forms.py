"""Forms of the groups part: special-group tags, the groups' settings, support measures.
They only parse input; the services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_input

from ..models import SupportKind, TagSource, TagStatus

ALL = [("", _("All"))]
DUE_CHOICES = [("", _("All")), ("review", _("Due for review (30 days) or expired")), ("expired", _("Expired"))]


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.school_class} · {obj.student_no}"


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def _class_choices(classes) -> list:
    return ALL + [(str(c.pk), str(c)) for c in classes]


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


# special-group tags


class TagFilterForm(BootstrapMixin, forms.Form):
    group = forms.ChoiceField(label=_("Special group"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + TagStatus.choices,
                               widget=FastSelect)
    school_class = forms.ChoiceField(label=_("Class"), required=False, widget=FastSelect)
    due = forms.ChoiceField(label=_("Review"), required=False, choices=DUE_CHOICES, widget=FastSelect)

    def __init__(self, *args, groups=(), classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = ALL + [(str(g.pk), g.name) for g in groups]  # type: ignore[attr-defined]
        self.fields["school_class"].choices = _class_choices(classes)  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"group": _int_or_none(d.get("group")), "status": d.get("status") or "",
                "class_id": _int_or_none(d.get("school_class")), "due": d.get("due") or ""}


class TagIdentifyForm(BootstrapMixin, forms.Form):
    student = StudentChoiceField(label=_("Student"), queryset=None, widget=FastSelect,
                                 help_text=_("Only students you may follow up are listed."))
    group = GroupChoiceField(label=_("Special group"), queryset=None, widget=FastSelect)
    source = forms.ChoiceField(label=_("Source"), choices=TagSource.choices, widget=FastSelect,
                               help_text=_("How the need came to light."))
    identified_on = forms.DateField(label=_("Identified on"), widget=date_input(max_today=True))
    review_on = forms.DateField(label=_("Review on"), required=False, widget=date_input(),
                                help_text=_("Leave empty for the group's review period."))
    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Sensitive: seen only by those who may see the tag; each view is logged."))

    def __init__(self, *args, students, groups, screening: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        if not screening:  # a tag from screening is the counsellors' to record (services.tag_identify)
            self.fields["source"].choices = [  # type: ignore[attr-defined]
                c for c in TagSource.choices if c[0] != TagSource.SCREENING]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"student": d["student"], "group": d["group"], "source": d["source"],
                "identified_on": d["identified_on"], "review_on": d.get("review_on"), "note": d.get("note", "")}


class TagStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Next status"), widget=FastSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Needed to close the tag: say why."))

    def __init__(self, *args, next_statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in TagStatus if s.value in next_statuses]  # type: ignore[attr-defined]


class TagRenewForm(BootstrapMixin, forms.Form):
    review_on = forms.DateField(label=_("New review date"), widget=date_input())
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


# the groups' settings


class SpecialGroupForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40,
                           help_text=_("Letters, digits, hyphens or underscores; unique in the school and fixed "
                                       "once saved."))
    name = forms.CharField(label=_("Name"), max_length=60)
    review_months = forms.IntegerField(label=_("Review after (months)"), min_value=1, max_value=24, initial=6,
                                       help_text=_("A tag expires unless renewed by then."))
    visit_every_days = forms.IntegerField(label=_("Home visit every (days)"), min_value=1, max_value=365,
                                          initial=30, help_text=_("Used by the home-visit plan."))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


# support measures


class SupportFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Student"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or student number")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + SupportKind.choices, widget=FastSelect)
    school_class = forms.ChoiceField(label=_("Class"), required=False, widget=FastSelect)
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())
    student = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].choices = _class_choices(classes)  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"q": (d.get("q") or "").strip(), "kind": d.get("kind") or "",
                "class_id": _int_or_none(d.get("school_class")), "date_from": d.get("date_from"),
                "date_to": d.get("date_to"), "student": d.get("student")}


class SupportForm(BootstrapMixin, forms.Form):
    student = StudentChoiceField(label=_("Student"), queryset=None, widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportKind.choices, widget=FastSelect)
    given_on = forms.DateField(label=_("Date"), widget=date_input(max_today=True))
    provider = forms.CharField(label=pgettext_lazy("support measure", "Given by"), max_length=100,
                               help_text=_("A person, the committee, a company or an organisation."))
    what = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, max_digits=9, decimal_places=2,
                                help_text=_("Material support only."))
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    internal_note = forms.CharField(label=_("Internal note"), required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("For staff only: never shown to the family or the student."))

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is None:  # correcting a record: the student stays
            del self.fields["student"]
        else:
            self.fields["student"].queryset = students  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("student", None)
        return d
