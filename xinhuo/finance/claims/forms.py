"""Forms of the claims part: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, MultipleFileField, date_input

from ..budgets.models import BudgetLine, ExpenseKind
from .models import ClaimStatus

RECEIPT_ACCEPT = "image/*,application/pdf"


class _LineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        position = getattr(obj, "position", None)
        if position is None:
            return obj.name
        return _("%(line)s (balance %(balance)s yuan)") % {"line": obj.name, "balance": f"{position.balance:.2f}"}


class _TitleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ClaimForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("What for"), max_length=150,
                            help_text=_("For example 研学实践大巴车费 or 重阳节慰问品."))
    kind = forms.ChoiceField(label=_("Kind of expense"), choices=ExpenseKind.choices)
    # text, so that the service words every bad amount (letters, three decimals, zero) itself
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    spent_on = forms.DateField(label=_("Spent on"), widget=date_input(max_today=True))
    line = _LineChoice(label=_("Budget line"), queryset=BudgetLine.objects.none(),
                       help_text=_("This school year's approved budget; the balance counts claims still waiting."))
    activity = _TitleChoice(label=_("Activity"), queryset=BudgetLine.objects.none(), required=False,
                            widget=FastSelect)
    plan_task = _TitleChoice(label=_("Plan task"), queryset=BudgetLine.objects.none(), required=False,
                             widget=FastSelect)
    description = forms.CharField(label=_("Details"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Items, quantities, who took part."))
    receipts = MultipleFileField(label=_("Receipts (photos or PDF)"), accept=RECEIPT_ACCEPT,
                                 help_text=_("Take a photo of each receipt or invoice; at most 10 per claim."))

    def __init__(self, *args, lines=(), activities=None, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(pk__in=[x.pk for x in lines])  # type: ignore[attr-defined]
        # the labels show each line's balance: the choices come from the lines already read with their positions
        field: Any = self.fields["line"]
        field.choices = [("", field.empty_label), *[(x.pk, field.label_from_instance(x)) for x in lines]]
        if activities is not None:
            self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        if tasks is not None:
            self.fields["plan_task"].queryset = tasks  # type: ignore[attr-defined]
        self.fields["receipts"].widget.attrs["capture"] = "environment"

    @staticmethod
    def initial_for(claim) -> dict:
        return {"title": claim.title, "kind": claim.kind, "amount": claim.amount, "spent_on": claim.spent_on,
                "line": claim.line_id, "activity": claim.activity_id, "plan_task": claim.plan_task_id,
                "description": claim.description}


class ReceiptForm(BootstrapMixin, forms.Form):
    receipts = MultipleFileField(label=_("Receipts (photos or PDF)"), accept=RECEIPT_ACCEPT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receipts"].widget.attrs["capture"] = "environment"


class StepForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "withdraw", "check", "approve", "return",
                                                         "reject", "pay")], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    paid_on = forms.DateField(label=_("Paid on"), widget=date_input(max_today=True), required=False)
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=60, required=False)


class ClaimFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ClaimStatus.choices])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
