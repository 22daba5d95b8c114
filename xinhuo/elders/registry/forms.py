"""Forms of the elder registry (ELD-1). Other parts of the elders app keep their own forms modules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import KEEP, BootstrapMixin, PhoneKeepingField, WorkbookUploadForm, date_field, time_input
from xinhuo.core.masking import mask_phone
from xinhuo.core.validators import clean_mobile
from xinhuo.people.models import Gender

from ..models import Elder, ElderRole, Specialty, Weekday


class ElderFilterForm(BootstrapMixin, forms.Form):
    """The list's filters; only the committee gets status, specialty and willingness."""

    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin or initials")}))
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All"))] + Elder.Category.choices)
    role = forms.ChoiceField(label=_("Role held"), required=False, choices=[("", _("All"))] + ElderRole.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Elder.Status.choices)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False,
                                  choices=[("", _("All"))] + Specialty.choices)
    willingness = forms.ChoiceField(label=_("Willing to serve as"), required=False,
                                    choices=[("", _("All"))] + ElderRole.choices)

    MANAGER_ONLY = ("status", "specialty", "willingness")

    def __init__(self, *args, manager: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not manager:
            for name in self.MANAGER_ONLY:
                del self.fields[name]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in self.fields}


class ElderForm(BootstrapMixin, forms.Form):
    """The committee's form for an elder; the health fields exist only for the director and leaders."""

    name = forms.CharField(label=_("Full name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Elder.Category.choices)
    birth_date = date_field(_("Birth date"), required=False)
    former_work = forms.CharField(label=_("Former work unit and position"), max_length=100, required=False)
    political_status = forms.ChoiceField(label=_("Political status"), required=False,
                                         choices=[("", "—"), *Elder.Political.choices])
    phone = PhoneKeepingField(label=_("Mobile number"))
    specialties = forms.MultipleChoiceField(label=_("Specialties"), choices=Specialty.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    willingness = forms.MultipleChoiceField(label=_("Willing to serve as"), choices=ElderRole.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)
    joined_on = date_field(_("Joined on"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=Elder.Status.choices)
    max_load = forms.IntegerField(label=_("Most tasks at once"), min_value=1, max_value=20, initial=3,
                                  help_text=_("Matching stops suggesting the elder when they hold this many tasks."))
    health_notes = forms.CharField(label=_("Health notes"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Seen only by the committee's director and leaders."))
    last_health_check = date_field(_("Last health check"), required=False)

    def __init__(self, *args, elder: Elder | None = None, health: bool = False, **kwargs):
        if elder is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(elder, name) for name in self.base_fields
                                 if name not in ("phone", "health_notes", "last_health_check")}
            kwargs["initial"]["phone"] = mask_phone(elder.phone)
            if health:
                kwargs["initial"].update(health_notes=elder.health_notes or "",
                                         last_health_check=elder.last_health_check)
        super().__init__(*args, **kwargs)
        if elder is not None and elder.phone:
            phone = self.fields["phone"]
            phone.masked = mask_phone(elder.phone)  # type: ignore[attr-defined]
            phone.help_text = _("Shown masked. Leave it to keep the number, type a new one to change it, or empty "
                                "the field to remove it.")
        if not health:
            del self.fields["health_notes"]
            del self.fields["last_health_check"]

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        if values.get("phone") is KEEP:
            del values["phone"]
        return values


class OwnProfileForm(BootstrapMixin, forms.Form):
    """What an elder keeps up to date on their own record."""

    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    specialties = forms.MultipleChoiceField(label=_("Specialties"), choices=Specialty.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    willingness = forms.MultipleChoiceField(label=_("Willing to serve as"), choices=ElderRole.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])


class AvailabilityForm(BootstrapMixin, forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    start = forms.TimeField(label=_("From"), widget=time_input())
    end = forms.TimeField(label=_("Until"), widget=time_input())


class ElderImportForm(WorkbookUploadForm):
    """The workbook upload's checks (size, .xlsx) and a check-only switch."""

    file_label = _("Elder workbook (.xlsx)")
    check_only = forms.BooleanField(label=_("Only check the file, do not import yet"), required=False)
