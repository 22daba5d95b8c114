"""Forms of the honour selections. They check the shape of the input; the services check everything else
(stage, scope, duplicates, quota) and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field
from xinhuo.core.models import Term

from .models import Outcome, Review, Selection, SelectionKind, Stage


class FilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *SelectionKind.choices])
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All")), *Stage.choices])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class _TermChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.school_year.name} {obj.name}"


class SelectionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SelectionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100,
                            help_text=_("For example 2026-2027学年第一学期“美德少年”评选"))
    term = _TermChoice(label=_("Term"), queryset=Term.objects.none(), required=False, empty_label="—",
                       help_text=_("Required for 美德少年 (each term); otherwise the current school year."))
    criteria = forms.CharField(label=_("Criteria"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=500,
                               help_text=_("How many may win at most."))
    voting = forms.BooleanField(label=_("With a vote (one vote per person)"), required=False)
    nominate_until = date_field(_("Nominations until"), required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=100, required=False,
                             help_text=_("Printed on the certificates; empty: the school's committee."))

    def __init__(self, *args, terms=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if terms is not None:
            self.fields["term"].queryset = terms  # type: ignore[attr-defined]
        if editing:
            del self.fields["kind"]

    @staticmethod
    def initial_for(selection: Selection) -> dict:
        return {"title": selection.title, "term": selection.term_id, "criteria": selection.criteria,
                "quota": selection.quota, "voting": selection.voting, "nominate_until": selection.nominate_until,
                "issuer": selection.issuer}


class StepForm(BootstrapMixin, forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    publicity_ends = date_field(_("Publicity ends"), required=False)


class _NomineeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        school_class = getattr(obj, "school_class", None)
        return f"{obj.name}（{school_class}）" if school_class is not None else str(obj)


class NominateForm(BootstrapMixin, forms.Form):
    nominee = _NomineeChoice(label=_("Nominee"), queryset=None, empty_label="—", widget=FastSelect)
    reason = forms.CharField(label=_("Deeds"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("What the nominee did that meets the criteria: facts others can check."))

    def __init__(self, *args, nominees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nominees is not None:
            self.fields["nominee"].queryset = nominees  # type: ignore[attr-defined]


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Review decision"), widget=forms.RadioSelect,
                                 choices=[(Review.ACCEPTED, _("Accept")), (Review.REJECTED, _("Do not accept"))])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when rejecting: the nominator reads it."))


class ObjectionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Objection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Facts the committee can check. Only the committee sees who objected."))


class ObjectionHandleForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision on the objection"), choices=Outcome.choices, widget=forms.RadioSelect,
                                help_text=_("Upheld takes the nominee off the list."))
    reply = forms.CharField(label=_("Reply"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
