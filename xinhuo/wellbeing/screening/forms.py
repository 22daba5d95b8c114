"""Forms of screening. They only parse input; the services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, datetime_input
from xinhuo.core.models import Grade, SchoolClass

from ..models import Scale
from .selectors import scales_of


class CampaignForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100, help_text=_("For example 2026年秋季心理健康筛查."))
    scales = forms.ModelMultipleChoiceField(label=_("Scales"), queryset=Scale.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    grades = forms.ModelMultipleChoiceField(label=_("Grades"), queryset=Grade.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    classes = forms.ModelMultipleChoiceField(label=_("Classes"), queryset=SchoolClass.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("Classes outside the chosen grades, if any."))
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=datetime_input())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=datetime_input())
    one_per_screen = forms.BooleanField(label=_("One question per screen"), required=False, initial=True,
                                        help_text=_("Best on a phone; otherwise every question is on one page."))
    note = forms.CharField(label=_("Note to students"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scales=None, grades=None, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scales"].queryset = scales  # type: ignore[attr-defined]
        self.fields["grades"].queryset = grades  # type: ignore[attr-defined]
        self.fields["classes"].queryset = classes  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(campaign) -> dict:
        return {"title": campaign.title, "scales": [s.pk for s in scales_of(campaign)],
                "grades": list(campaign.grades.values_list("pk", flat=True)),
                "classes": list(campaign.classes.values_list("pk", flat=True)),
                "opens_at": campaign.opens_at, "closes_at": campaign.closes_at,
                "one_per_screen": campaign.one_per_screen, "note": campaign.note}

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "scales": list(d["scales"]), "grades": list(d["grades"]),
                "classes": list(d["classes"]), "opens_at": d["opens_at"], "closes_at": d["closes_at"],
                "one_per_screen": d["one_per_screen"], "note": d["note"]}


class AnswerForm(forms.Form):
    """One question: which scale and item, and the chosen option's score."""

    scale = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(error_messages={"required": _("Choose one of the answers.")})


def answers_posted(data) -> list[tuple[int, int, int]]:
    """The answers of the all-on-one-page form: fields named a-<scale pk>-<item number> holding the score."""
    out = []
    for key, value in data.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "a" and parts[1].isdigit() and parts[2].isdigit():
            try:
                out.append((int(parts[1]), int(parts[2]), int(value)))
            except ValueError:
                continue
    return out
