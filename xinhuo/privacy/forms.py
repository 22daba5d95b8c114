from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, date_input
from xinhuo.people.models import LEFT_STATUSES
from xinhuo.people.privacy import AT_SCHOOL

from .models import RequestKind


class RequestForm(BootstrapMixin, forms.Form):
    student = forms.TypedChoiceField(label=_("About"), coerce=int)
    kind = forms.ChoiceField(label=_("I ask to"), choices=RequestKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Details"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("For a correction: what is wrong and what it should be."))

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [(s.pk, s.name) for s in students]  # type: ignore[attr-defined]


class AnswerForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(label=_("The school's decision"), widget=forms.RadioSelect,
                               choices=[("answer", _("Answer (for an erasure: erase now)")),
                                        ("refuse", _("Refuse, with the reason"))])
    comment = forms.CharField(label=_("Answer to the family"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class HoldForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why it is kept"), max_length=500)


class LeavingForm(BootstrapMixin, forms.Form):
    student_no = forms.CharField(label=_("Student number"), max_length=30)
    status = forms.ChoiceField(label=_("Status"), choices=[(s.value, s.label) for s in (*LEFT_STATUSES, AT_SCHOOL)])
    on = forms.DateField(label=_("Left school on"), required=False, widget=date_input(max_today=True),
                         help_text=_("The retention period runs from this day."))
