"""Forms of the mailbox. They only parse input; the services validate and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field

from ..models import Audience, Box, MessageStatus
from . import words
from .services import BODY_MAX, CODE_LENGTH, COMMENT_MAX, REPLY_MAX, SUBJECT_MAX

ANONYMOUS = "1"
NAMED = "0"


class WriteForm(BootstrapMixin, forms.Form):
    box = forms.ChoiceField(label=pgettext_lazy("mailbox", "To"), choices=Box.choices,
                            widget=forms.RadioSelect(attrs={"class": "form-check-input"}), initial=Box.PRINCIPAL)
    subject = forms.CharField(label=pgettext_lazy("mailbox", "Subject"), max_length=SUBJECT_MAX, required=False)
    body = forms.CharField(label=_("Your message"), max_length=BODY_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("At most %(max)d characters.") % {"max": BODY_MAX})
    anonymous = forms.ChoiceField(
        label=_("Sign"), required=False, initial=ANONYMOUS,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[(ANONYMOUS, _("Anonymously")), (NAMED, _("With my name"))])
    writer_role = forms.ChoiceField(label=_("I write as"), required=False, widget=FastSelect)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Audience.choices)
        self.fields["writer_role"].choices = [(r, labels[r]) for r in roles]  # type: ignore[attr-defined]
        if len(roles) < 2:
            self.fields["writer_role"].widget = forms.HiddenInput()
            self.fields["writer_role"].initial = roles[0] if roles else ""

    def values(self) -> dict:
        data = self.cleaned_data
        return {"box": data["box"], "subject": data.get("subject") or "", "body": data.get("body") or "",
                "anonymous": data.get("anonymous") != NAMED, "writer_role": data.get("writer_role") or ""}


class LookupForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=CODE_LENGTH + 4, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "placeholder": "K7QM-4XPA"}))


class FilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *MessageStatus.choices], widget=FastSelect)
    box = forms.ChoiceField(label=_("Mailbox"), required=False, choices=[("", _("All")), *Box.choices],
                            widget=FastSelect)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": "", "box": "", "overdue": False, "flagged": False}
        data = self.cleaned_data
        return {"status": data.get("status") or "", "box": data.get("box") or "",
                "overdue": bool(data.get("overdue")), "flagged": bool(data.get("flagged"))}


class StaffField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class AssignForm(BootstrapMixin, forms.Form):
    assignee = StaffField(label=_("Assign to"), queryset=None, required=False, widget=FastSelect)
    reply_due = date_field(_("Reply by"), required=False)
    comment = forms.CharField(label=_("Note"), max_length=COMMENT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


class ReplyForm(BootstrapMixin, forms.Form):
    reply = forms.CharField(label=_("Reply"), max_length=REPLY_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=_("The writer reads it with the tracking code; it is signed by the committee, "
                                        "never by your name."))
    reply_public = forms.BooleanField(label=_("Show the reply on the public replies page"), required=False)
    show_body = forms.BooleanField(label=_("Show the letter with it (never the writer)"), required=False)


class CloseForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Why"), max_length=COMMENT_MAX, required=False)


class SettingsForm(BootstrapMixin, forms.Form):
    reply_days = forms.IntegerField(label=_("Days to reply"), required=False, min_value=1, max_value=60)
    crisis_words = forms.CharField(
        label=_("Words that alert the counsellors"), required=False,
        max_length=(words.WORD_MAX + 1) * words.WORDS_MAX, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One word or phrase per line (at most 40 characters, at most 200 lines). A letter that contains "
                    "one goes at once to the counsellors and the safeguarding lead. Left empty, the default list is "
                    "used."))
