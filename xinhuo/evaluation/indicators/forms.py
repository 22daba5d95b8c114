"""Forms of the indicators part: a whole level at once (all dimensions' weights, or one dimension's indicators), so
the sums can be fixed in one step. They check the shape; the services check the sums and say why."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin

from .models import Dimension, Indicator, Period


def _decimal(label, required=True) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_digits=12, decimal_places=2, required=required,
                              widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))


def styled(form) -> None:
    """Bootstrap's classes on the fields a form adds per row (BootstrapMixin styles only those it starts with)."""
    for field in form.fields.values():
        widget = field.widget
        widget.attrs.setdefault("class", "form-check-input" if isinstance(widget, forms.CheckboxInput)
                                else "form-control")


class DimensionWeightsForm(BootstrapMixin, forms.Form):
    """weight_<id> for every dimension of the school."""

    def __init__(self, *args, dimensions: list[Dimension], **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for d in dimensions:
            self.fields[f"weight_{d.pk}"] = _decimal(d.name)
            self.initial.setdefault(f"weight_{d.pk}", d.weight)
        styled(self)

    def rows(self):
        return [(d, self[f"weight_{d.pk}"]) for d in self.dimensions]

    def weights(self) -> dict[int, object]:
        return {d.pk: self.cleaned_data[f"weight_{d.pk}"] for d in self.dimensions}


class IndicatorsForm(BootstrapMixin, forms.Form):
    """name_<id>, target_<id>, weight_<id>, bands_<id> (JSON pairs), active_<id> for a dimension's indicators."""

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for i in indicators:
            self.fields[f"name_{i.pk}"] = forms.CharField(label=_("Name"), max_length=60)
            self.fields[f"target_{i.pk}"] = _decimal(_("Target"), required=False)
            self.fields[f"weight_{i.pk}"] = _decimal(_("Weight"))
            self.fields[f"bands_{i.pk}"] = forms.CharField(
                label=_("Score band"), max_length=400,
                help_text=_("Pairs [share of target, score], highest first, e.g. [[1, 100], [0.8, 80], [0, 0]]."))
            self.fields[f"active_{i.pk}"] = forms.BooleanField(label=_("In use"), required=False)
            self.initial.setdefault(f"name_{i.pk}", i.name)
            self.initial.setdefault(f"target_{i.pk}", i.target)
            self.initial.setdefault(f"weight_{i.pk}", i.weight)
            self.initial.setdefault(f"bands_{i.pk}", json.dumps(i.bands))
            self.initial.setdefault(f"active_{i.pk}", i.active)
        styled(self)

    def clean(self):
        data = super().clean() or {}
        for i in self.indicators:
            key = f"bands_{i.pk}"
            if key in data:
                try:
                    data[key] = json.loads(data[key])
                except ValueError:
                    self.add_error(key, _("The score band is not in the form [[1, 100], [0.8, 80], [0, 0]]."))
        return data

    def rows(self):
        return [{"indicator": i, "name": self[f"name_{i.pk}"], "target": self[f"target_{i.pk}"],
                 "weight": self[f"weight_{i.pk}"], "bands": self[f"bands_{i.pk}"], "active": self[f"active_{i.pk}"]}
                for i in self.indicators]

    def changes(self) -> dict[int, dict]:
        d = self.cleaned_data
        return {i.pk: {"name": d[f"name_{i.pk}"], "target": d[f"target_{i.pk}"], "weight": d[f"weight_{i.pk}"],
                       "bands": d[f"bands_{i.pk}"], "active": d[f"active_{i.pk}"]} for i in self.indicators}


class SnapshotForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    retake = forms.BooleanField(label=_("Take again"), required=False)
