"""Forms of the alerts pages. They only parse input; the services validate and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, time_input
from xinhuo.core.models import User

from ..models import AlertStatus
from .services import ESCALATE_MAX, ESCALATE_MIN

NOTE_MAX = 1000


class AlertFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *AlertStatus.choices],
                               widget=FastSelect)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": ""}
        return {"status": self.cleaned_data.get("status") or ""}


class AcknowledgeForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Optional: who made contact and how (seen only by those who handle alerts)."))


class LeadField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class SettingsForm(BootstrapMixin, forms.Form):
    # the queryset comes from the view (services.lead_candidates)
    safeguarding_lead = LeadField(
        label=_("Safeguarding lead"), queryset=User.objects.none(), required=False, widget=FastSelect,
        help_text=_("Hears of every alert at once, with the counsellors: a director, leader or counsellor."))
    escalate_after_minutes = forms.IntegerField(
        label=_("Escalate after (minutes)"), min_value=ESCALATE_MIN, max_value=ESCALATE_MAX,
        help_text=_("An alert nobody acknowledged within this much school time goes to the director. Counted on "
                    "school days within the school day only; alerts already open keep their time."))
    school_day_starts = forms.TimeField(label=_("School day starts"), widget=time_input())
    school_day_ends = forms.TimeField(label=_("School day ends"), widget=time_input())

    def __init__(self, *args, leads=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leads is not None:
            self.fields["safeguarding_lead"].queryset = leads  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, options) -> dict:
        return {"safeguarding_lead": options.safeguarding_lead_id,
                "escalate_after_minutes": options.escalate_after_minutes,
                "school_day_starts": options.school_day_starts, "school_day_ends": options.school_day_ends}
