"""Forms of the supervision part: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, PersonChoiceField, date_field, date_input
from xinhuo.core.models import User

from .models import ChecklistItem, Inspection, InspectionKind, RectificationStatus


class InspectionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100, help_text=_("For example 2026学年第一学期关工委工作自查"))
    held_on = date_field(_("Date"))
    inspectors = forms.CharField(label=_("Inspectors"), max_length=200, required=False,
                                 help_text=_("The people or the body who inspect, such as 县关工委督导组."))
    summary = forms.CharField(label=_("Overall findings"), max_length=8000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def initial_for(inspection: Inspection) -> dict:
        return {"kind": inspection.kind, "title": inspection.title, "held_on": inspection.held_on,
                "inspectors": inspection.inspectors, "summary": inspection.summary}


class ItemForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("What is checked"), max_length=300)
    max_score = forms.CharField(label=_("Full marks"), max_length=10,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class ScoreSheetForm(BootstrapMixin, forms.Form):
    """A score and a finding for each item of the checklist (fields score_<id>, finding_<id>)."""

    def __init__(self, *args, items: list[ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"score_{item.pk}"] = forms.CharField(
                label=_("Score"), max_length=10, required=False, initial=item.score,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control score-input"}))
            self.fields[f"finding_{item.pk}"] = forms.CharField(
                label=_("Finding"), max_length=2000, required=False, initial=item.finding,
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        for item in self.items:
            yield item, self[f"score_{item.pk}"], self[f"finding_{item.pk}"]

    def entries(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {i.pk: (data.get(f"score_{i.pk}", ""), data.get(f"finding_{i.pk}", "")) for i in self.items}


class _ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.text[:60]


class RectificationForm(BootstrapMixin, forms.Form):
    problem = forms.CharField(label=_("Problem"), max_length=300)
    measure = forms.CharField(label=_("What is to be done"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none(), widget=FastSelect)
    due_on = date_field(_("Deadline"))
    item = _ItemChoice(label=_("Checklist item"), queryset=ChecklistItem.objects.none(), required=False)

    def __init__(self, *args, owners=None, items=None, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
            self.fields["owner"].school = school  # type: ignore[attr-defined]
        if items is not None:
            self.fields["item"].queryset = items  # type: ignore[attr-defined]


class EvidenceForm(BootstrapMixin, forms.Form):
    evidence = forms.CharField(label=_("Rectification done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Evidence file (PDF, Word, Excel or a photo)"), required=False)


class StepForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("close", "return", "fail")], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AccountabilityForm(BootstrapMixin, forms.Form):
    person = PersonChoiceField(label=_("Staff member"), queryset=User.objects.none(), required=False,
                               widget=FastSelect)
    person_name = forms.CharField(label=_("Name"), max_length=50, required=False,
                                  help_text=_("Left empty: the staff member's name."))
    decided_on = forms.DateField(label=_("Decided on"), widget=date_input(max_today=True))
    measure = forms.CharField(label=_("Measure taken"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people=None, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]
            self.fields["person"].school = school  # type: ignore[attr-defined]


class RectificationFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *RectificationStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
