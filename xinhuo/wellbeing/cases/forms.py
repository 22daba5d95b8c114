"""Forms of the follow-up case pages. They only parse input; the services validate and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field
from xinhuo.people import selectors as people_selectors

from ..models import CaseStatus, Party, Referral
from ..scales import Risk
from .services import (
    AGENCY_MAX,
    CONSENT_MAX,
    MESSAGE_MAX,
    NOTE_MAX,
    NOTES_MAX,
    OUTCOME_MAX,
    REQUEST_MAX,
    SUMMARY_MAX,
    TASK_MAX,
)


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.school_class} · {obj.student_no}"


class CaseFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *CaseStatus.choices],
                               widget=FastSelect)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": ""}
        return {"status": self.cleaned_data.get("status") or ""}


def _risk_choices() -> list:
    return [(v, label) for v, label in Risk.choices if v != Risk.NONE]


class CaseOpenForm(BootstrapMixin, forms.Form):
    student = StudentChoiceField(label=_("Student"), queryset=people_selectors.students_of_school(None).none(),
                                 widget=FastSelect)
    risk = forms.TypedChoiceField(label=_("Risk level"), coerce=int, choices=_risk_choices, initial=Risk.ATTENTION)
    family_request = forms.CharField(
        label=_("What the school asks of the family"), required=False, max_length=REQUEST_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The family and the head teacher may read this: no answers, scores or notes."))
    notes = forms.CharField(label=_("Counsellor's notes"), required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Encrypted; only counsellors read them, and every reading is logged."))

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is not None:
            self.fields["student"].queryset = students  # type: ignore[attr-defined]


class CaseEditForm(BootstrapMixin, forms.Form):
    risk = forms.TypedChoiceField(label=_("Risk level"), coerce=int, choices=_risk_choices)
    family_request = CaseOpenForm.base_fields["family_request"]
    notes = CaseOpenForm.base_fields["notes"]


class StepForm(BootstrapMixin, forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("Closing summary"), required=False, max_length=SUMMARY_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(BootstrapMixin, forms.Form):
    party = forms.ChoiceField(label=_("For"), choices=Party.choices, widget=FastSelect)
    text = forms.CharField(label=_("Task"), max_length=TASK_MAX)
    due_on = date_field(_("Due on"), required=False)


class TaskDoneForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


class MessageForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class ReferralForm(BootstrapMixin, forms.Form):
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), choices=Referral.AgencyKind.choices,
                                    widget=FastSelect)
    agency = forms.CharField(label=_("Agency"), max_length=AGENCY_MAX)
    consent_by = forms.CharField(label=_("Consent given by"), max_length=CONSENT_MAX)
    consent_on = date_field(_("Consent given on"))
    referred_on = date_field(_("Referred on"))
    follow_up_on = date_field(_("Follow up on"), required=False)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=OUTCOME_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the resource directory's agencies (hook "directory.agencies"), offered as suggestions; any name may be typed
        self.agency_suggestions = agency_suggestions(school) if school is not None else []
        if self.agency_suggestions:
            self.fields["agency"].widget.attrs.update({"list": "referral-agencies", "autocomplete": "off"})
            self.fields["agency"].help_text = _("Pick one of the directory's agencies or type another.")


def agency_suggestions(school) -> list[tuple[str, str]]:
    """(name, "kind · detail") of the directory's agencies of every kind; none when no app provides the hook."""
    from xinhuo.core.registry import hook

    try:
        agencies = hook("directory.agencies")
    except LookupError:
        return []
    out: list[tuple[str, str]] = []
    for kind, label in Referral.AgencyKind.choices:
        out += [(name, " · ".join(x for x in (str(label), detail) if x)) for name, detail in agencies(school, kind)]
    return out


class ReferralOutcomeForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=OUTCOME_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_on = date_field(_("Follow up on"), required=False)
