"""Forms of the charter part: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin

from .models import BODY_MAX, CharterKind


class DocumentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CharterKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100, help_text=_("For example 关工委章程, 例会制度"))
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 16}))
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class DraftForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 20}))
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False,
                                  help_text=_("A line for the leading group and the readers: what this version "
                                              "changes and why."))


class StepForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "approve", "return", "publish", "withdraw")],
                               widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DiffForm(forms.Form):
    old = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    new = forms.IntegerField(min_value=1, max_value=2**31 - 1)
