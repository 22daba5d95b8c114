from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin


class WordForm(BootstrapMixin, forms.Form):
    word = forms.CharField(label=_("Word"), max_length=30,
                           help_text=_("A name of the school's people, places or programmes, e.g. 薪火宣讲团"))
