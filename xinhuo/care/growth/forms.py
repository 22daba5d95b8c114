"""Forms of the growth part: finding a student's growth record, and its entries. They only parse input; the
services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, date_input

from ..models import GrowthKind
from .services import GROWTH_DETAIL_MAX, GROWTH_TITLE_MAX


class GrowthSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin initials or student number"),
                                                      "type": "search"}))

    def query(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class GrowthEntryForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GrowthKind.choices)
    on = forms.DateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=GROWTH_TITLE_MAX)
    detail = forms.CharField(label=_("Detail"), required=False, max_length=GROWTH_DETAIL_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}))
    hours = forms.DecimalField(label=_("Hours"), required=False, max_digits=5, decimal_places=1,
                               help_text=_("Service hours only."))
    internal = forms.BooleanField(label=_("Internal (staff only)"), required=False,
                                  help_text=_("The family and the student never see internal entries. "
                                              "Moral-education notes are internal unless you untick this."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].widget = date_input(max_today=True, attrs={"class": "form-control"})
        self.fields["hours"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("kind", "on", "title", "detail", "hours", "internal")}
