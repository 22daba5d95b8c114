"""Forms of the budgets part. Amounts come in as text: the service checks them (a number, at most two decimals,
not negative, below ¥100,000,000) and says what is wrong in its words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.models import SchoolYear

from .models import ExpenseKind, LineCategory

AMOUNT_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def amount_field(label, **kw) -> forms.CharField:
    return forms.CharField(label=label, max_length=30, widget=forms.TextInput(attrs=AMOUNT_ATTRS), **kw)


class BudgetForm(BootstrapMixin, forms.Form):
    year = forms.ModelChoiceField(label=_("School year"), queryset=SchoolYear.objects.none(), required=False)
    title = forms.CharField(label=_("Title"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, years=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"]
        else:
            self.fields["year"].queryset = years  # type: ignore[attr-defined]
            self.fields["year"].required = True


class LineForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=LineCategory.choices)
    name = forms.CharField(label=_("Name"), max_length=60)
    amount = amount_field(_("Amount (yuan)"))
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=32767)
    earmarked = forms.BooleanField(label=_("Earmarked (专款专用)"), required=False)
    earmark_purpose = forms.CharField(label=_("Earmarked for"), max_length=200, required=False,
                                      help_text=_("What the money may be spent on, as the committee decided."))
    allowed_kinds = forms.MultipleChoiceField(label=_("Kinds of expense allowed"), choices=ExpenseKind.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple,
                                              help_text=_("None ticked: any kind, for the stated purpose."))
    fund = forms.ChoiceField(label=_("Funded by a donor's fund"), required=False,
                             help_text=_("A line on a donor's fund is earmarked to the fund's purpose."))
    note = forms.CharField(label=_("Why (after approval)"), max_length=500, required=False,
                           help_text=_("An approved budget's line is added or raised with a note saying why."))

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [("", _("No fund")), *((str(f.pk), f.name) for f in funds)]  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(line) -> dict:
        return {"category": line.category, "name": line.name, "amount": f"{line.amount:.2f}", "order": line.order,
                "earmarked": line.earmarked, "earmark_purpose": line.earmark_purpose,
                "allowed_kinds": list(line.allowed_kinds), "fund": str(line.fund_id or "")}


class SettingsForm(BootstrapMixin, forms.Form):
    second_approval_over = amount_field(_("A claim above this amount needs a second approver (yuan)"))


class MoveForm(BootstrapMixin, forms.Form):
    line = forms.ChoiceField(label=_("Move to the line"))

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(str(x.pk), x.name) for x in lines]  # type: ignore[attr-defined]


class YearFilterForm(BootstrapMixin, forms.Form):
    year = forms.ChoiceField(label=_("School year"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y.pk), y.name) for y in years]  # type: ignore[attr-defined]
