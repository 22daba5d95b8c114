"""The guardian pages' forms: what is typed; the checks are the services' (one place for pages and API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.masking import mask_phone
from xinhuo.core.params import ID_MAX

from ..models import Guardian, StudentGuardian

Relation = StudentGuardian.Relation


class LinkFieldsMixin(forms.Form):
    relation = forms.ChoiceField(label=_("Relation to the student"), choices=Relation.choices)
    lives_with = forms.BooleanField(label=_("Lives with the student"), required=False, initial=True)
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False,
                                    help_text=_("The one the school calls first; the student's present primary "
                                                "contact no longer is."))


class GuardianAddForm(BootstrapMixin, LinkFieldsMixin):
    name = forms.CharField(label=_("Full name"), max_length=Guardian._meta.get_field("name").max_length)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                            help_text=_("An 11-digit mobile number starting with 1."))
    work_unit = forms.CharField(label=_("Work unit"), max_length=Guardian._meta.get_field("work_unit").max_length,
                                required=False)

    field_order = ["name", "relation", "phone", "work_unit", "lives_with", "is_primary"]

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class GuardianEditForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=Guardian._meta.get_field("name").max_length)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                            help_text=_("Shown masked. Leave it as it is (or empty) to keep the number; type a new "
                                        "one to change it."))
    work_unit = forms.CharField(label=_("Work unit"), max_length=Guardian._meta.get_field("work_unit").max_length,
                                required=False)

    def __init__(self, *args, guardian: Guardian, **kwargs):
        kwargs.setdefault("initial", {"name": guardian.name, "phone": mask_phone(guardian.phone),
                                      "work_unit": guardian.work_unit})
        super().__init__(*args, **kwargs)
        if guardian.user_id is not None:
            self.fields["phone"].help_text = _(
                "Shown masked. Leave it as it is (or empty) to keep the number; type a new one to change it. This "
                "guardian has a login: a new number does not change its username, which stays the one it was opened "
                "with.")


class GuardianLinkForm(BootstrapMixin, LinkFieldsMixin):
    """The child is chosen from the search's results (radio buttons the template draws)."""

    student = forms.IntegerField(min_value=1, max_value=ID_MAX, widget=forms.HiddenInput,
                                 error_messages={"required": _("Choose the student."),
                                                 "invalid": _("Choose the student."),
                                                 "min_value": _("Choose the student."),
                                                 "max_value": _("Choose the student.")})

    field_order = ["student", "relation", "lives_with", "is_primary"]


class GuardianshipForm(BootstrapMixin, forms.Form):
    relation = forms.ChoiceField(label=_("Relation to the student"), choices=Relation.choices)
    lives_with = forms.BooleanField(label=_("Lives with the student"), required=False)


class UnlinkForm(forms.Form):
    confirm = forms.BooleanField(required=False)
