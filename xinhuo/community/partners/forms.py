"""Forms of the partners part: they only shape the input; the services validate and refuse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field

from .models import (
    CONTENT_MAX,
    DUTIES_MAX,
    MINUTES_MAX,
    OFFERS_MAX,
    TOPICS_MAX,
    AgreementStatus,
    PartnerKind,
    PartnerStatus,
    ResourceKind,
    ResourceStatus,
)

ALL = [("", _("All"))]


class PartnerFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin initials or what they offer"),
                                                      "type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + list(PartnerKind.choices),
                             widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + list(PartnerStatus.choices),
                               widget=FastSelect)
    base = forms.BooleanField(label=_("Practice bases only"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "kind": "", "status": "", "base": False}
        d = self.cleaned_data
        return {"q": d.get("q") or "", "kind": d.get("kind") or "", "status": d.get("status") or "",
                "base": bool(d.get("base"))}


class PartnerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices, widget=FastSelect)
    is_base = forms.BooleanField(label=_("Practice base (students go there)"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    offers = forms.CharField(label=_("What they offer"), max_length=OFFERS_MAX, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=PartnerStatus.choices, widget=FastSelect,
                               initial=PartnerStatus.ACTIVE)


class ContactForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    position = forms.CharField(label=_("Position"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))


class AgreementForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    starts_on = date_field(_("From"))
    ends_on = date_field(_("To"))
    signed_on = date_field(_("Signed on"), required=False)
    school_duties = forms.CharField(label=_("The school's duties"), max_length=DUTIES_MAX, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    partner_duties = forms.CharField(label=_("The partner's duties"), max_length=DUTIES_MAX, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label=_("Content"), max_length=CONTENT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    upload = forms.FileField(label=_("Signed file (PDF or photo)"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))


class AgreementFileForm(BootstrapMixin, forms.Form):
    upload = forms.FileField(label=_("Signed file (PDF or photo)"),
                             widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))


class AgreementFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + list(AgreementStatus.choices),
                               widget=FastSelect)
    expiring = forms.BooleanField(label=_("Ending within 60 days"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": "", "expiring": False}
        return {"status": self.cleaned_data.get("status") or "", "expiring": bool(self.cleaned_data.get("expiring"))}


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = date_field(_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    partners: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Partners present"), queryset=None, widget=forms.CheckboxSelectMultiple)
    topics = forms.CharField(label=_("Topics"), max_length=TOPICS_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), max_length=MINUTES_MAX, required=False,
                              help_text=_("About the co-operation: name no pupil here."),
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(label=_("Minutes"), max_length=MINUTES_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))


class FollowUpForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Follow-up item"), max_length=200)
    owner = forms.CharField(label=_("Owner"), max_length=50, required=False)


class LinkForm(forms.Form):
    partner = forms.IntegerField(min_value=1)


class ResourceFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin initials or services"),
                                                      "type": "search"}))
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=ALL + list(ResourceKind.choices),
                             widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + list(ResourceStatus.choices),
                               widget=FastSelect)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "kind": "", "status": ""}
        d = self.cleaned_data
        return {"q": d.get("q") or "", "kind": d.get("kind") or "", "status": d.get("status") or ""}


class ResourceForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=ResourceKind.choices, widget=FastSelect)
    services = forms.CharField(label=_("Services"), max_length=500, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    cooperation = forms.CharField(label=_("Cooperation mode"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel"}))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ResourceStatus.choices, widget=FastSelect,
                               initial=ResourceStatus.ACTIVE)
    last_contact_on = date_field(_("Last contact"), required=False)
