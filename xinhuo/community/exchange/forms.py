"""Forms of the exchange pages: they check the shape of the input; the services check the rest (choices of this
school, the rules of a document to handle, the files' content) so the pages and the API refuse alike."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, MultipleFileField, date_field
from xinhuo.core.uploads import DOCUMENT_TYPES, IMAGE_ACCEPT

from .models import (
    CONTACT_MAX,
    DONE_NOTE_MAX,
    NAME_MAX,
    NOTE_MAX,
    PEOPLE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Direction,
    EntryKind,
    PeerKind,
)

FILE_ACCEPT = ",".join(sorted(f".{ext}" for ext in DOCUMENT_TYPES))


class PeerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX,
                           help_text=_("e.g. 县关工委, 教育局关工委, 青山村小学关工委"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PeerKind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=CONTACT_MAX, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    since = date_field(_("Relation since"), required=False)
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class EntryForm(BootstrapMixin, forms.Form):
    peer = forms.TypedChoiceField(label=_("Peer committee"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    direction = forms.ChoiceField(label=_("Direction"), required=False,
                                  choices=[("", _("— (meetings and shared activities)"))]
                                  + [(Direction.IN, _("Incoming: they visited us / we received it")),
                                     (Direction.OUT, _("Outgoing: we visited them / we sent it"))],
                                  help_text=_("For a visit or a document."))
    date = date_field(_("Date"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX,
                            help_text=_("e.g. 县关工委秋季工作推进会, 赴青山村小学送书"))
    participants = forms.CharField(label=_("Who took part"), max_length=PEOPLE_MAX, required=False)
    summary = forms.CharField(label=_("Summary"), max_length=SUMMARY_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("What was seen, agreed or asked."))
    activity = forms.TypedChoiceField(label=_("Activity of this school"), coerce=int, required=False,
                                      empty_value=None, help_text=_("For a shared activity (optional)."))
    file = forms.FileField(label=_("Document"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
                           help_text=_("PDF, Word, Excel, PowerPoint or a picture; at most 20 MB."))
    photos = MultipleFileField(label=_("Photos"), accept=IMAGE_ACCEPT)
    to_handle = forms.BooleanField(label=_("To handle (a higher-level committee's document)"), required=False)
    due = date_field(_("Due date"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, peers=(), activities=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].choices = [("", "—")] + [(p.pk, p.name) for p in peers]  # type: ignore[attr-defined]
        self.fields["activity"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (a.pk, f"{a.starts_at:%Y-%m-%d} {a.title}") for a in activities]
        self.fields["owner"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.pk, u.display_name) for u in owners]


class DoneForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("How it was handled"), max_length=DONE_NOTE_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TimelineFilterForm(forms.Form):
    peer = forms.IntegerField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *EntryKind.choices])
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    open = forms.BooleanField(required=False)
