"""Forms of the year-end report: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin

from .services import TEXT_MAX


class StartForm(BootstrapMixin, forms.Form):
    school_year: forms.ModelChoiceField = forms.ModelChoiceField(label=_("School year"), queryset=None,
                                                                 empty_label=None)

    def __init__(self, *args, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = years  # type: ignore[attr-defined]


class SectionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 18}))


class RegenerateForm(forms.Form):
    overwrite = forms.BooleanField(required=False)
