from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin

from .services import QUESTION_MAX


class QuestionForm(BootstrapMixin, forms.Form):
    question = forms.CharField(label=_("Your question"), max_length=QUESTION_MAX,
                               widget=forms.Textarea(attrs={"rows": 2, "placeholder": "清明节活动怎么组织？"}),
                               help_text=_("Do not write names, ID-card or phone numbers."))


class LogFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    crisis = forms.BooleanField(label=_("Crisis only"), required=False)


class SettingsForm(BootstrapMixin, forms.Form):
    students_allowed = forms.BooleanField(
        label=_("Students may ask the assistant"), required=False,
        help_text=_("Staff, elders and parents always may. A student's crisis words alert the counsellors."))
