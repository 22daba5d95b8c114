"""The pages' forms of staff records (issue 19); the services check everything again (the API has no forms)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.forms import BootstrapMixin, PhoneKeepingField, date_input
from xinhuo.core.models import Department, Role, SchoolClass, User
from xinhuo.core.params import validate_date_range

from ..models import Gender, Staff


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"


class ClassChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.grade.name}{obj.name}"


class StaffForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=50)
    staff_no = forms.CharField(label=_("Staff number"), max_length=30)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    phone = PhoneKeepingField(label=_("Mobile number"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    position = forms.CharField(label=_("Position"), max_length=50, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=30, required=False)
    classes = ClassChoiceField(
        label=_("Classes they head"), queryset=SchoolClass.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("A class has one head teacher: choosing it here takes it from its present one."))
    user = AccountChoiceField(
        label=_("Account"), queryset=User.objects.none(), required=False,
        help_text=_("The staff role account this person logs in with; empty: none."))
    account_role = forms.ChoiceField(
        label=_("Or make an account with the role"), required=False,
        choices=[("", "—")] + [(r.value, r.label) for r in Role if r in STAFF_ROLES])

    def __init__(self, *args, school, accounts, staff: Staff | None = None, can_make_account: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["department"].queryset = Department.objects.filter(school=school).order_by("name")  # type: ignore[attr-defined]
        f["classes"].queryset = (SchoolClass.objects.filter(school=school, graduated_in=None)  # type: ignore[attr-defined]
                                 .select_related("grade").order_by("grade__level", "number"))
        f["user"].queryset = accounts  # type: ignore[attr-defined]
        if staff is not None:
            f["phone"] = PhoneKeepingField(label=_("Mobile number"), masked=staff.masked_phone,
                                           help_text=_("Shown masked: leave it as it is to keep the number."))
        if not can_make_account or (staff is not None and staff.user_id):
            del f["account_role"]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in ("name", "staff_no", "gender", "phone", "department", "position", "subject")}
        out["user"] = d["user"]
        out["classes"] = list(d["classes"])
        out["account_role"] = d.get("account_role") or ""
        return out


class StaffLeaveForm(BootstrapMixin, forms.Form):
    left_on = forms.DateField(label=_("Left the school on"), widget=date_input(), validators=[validate_date_range])
    reason = forms.CharField(label=_("Reason"), max_length=200,
                             help_text=_("Kept in the change history, e.g. transferred to another school."))
    to_staff = forms.ModelChoiceField(label=_("Hand the chosen work to"), queryset=Staff.objects.none(),
                                      required=False)
    items = forms.MultipleChoiceField(label=_("Open work to hand over"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    classes = forms.TypedMultipleChoiceField(label=_("Classes to hand over"), required=False, coerce=int,
                                             widget=forms.CheckboxSelectMultiple)
    deactivate_account = forms.BooleanField(label=_("Deactivate their account"), required=False)

    def __init__(self, *args, staff: Staff, work, can_deactivate: bool, **kwargs):
        kwargs.setdefault("initial", {"left_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        f = self.fields
        f["to_staff"].queryset = (Staff.objects.filter(school_id=staff.school_id, active=True)  # type: ignore[attr-defined]
                                  .exclude(pk=staff.pk).order_by("staff_no"))
        f["to_staff"].label_from_instance = lambda s: f"{s.name} ({s.staff_no})"  # type: ignore[attr-defined]
        f["items"].choices = [(i.key, f"{i.kind}: {i.title}") for _l, items in work.groups for i in items]  # type: ignore[attr-defined]
        f["classes"].choices = [(c.pk, f"{c.grade.name}{c.name}") for c in work.classes]  # type: ignore[attr-defined]
        if not work.groups:
            del f["items"]
        if not work.classes:
            del f["classes"]
        if not can_deactivate or staff.user_id is None:
            del f["deactivate_account"]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"left_on": d["left_on"], "reason": d["reason"], "to_staff": d["to_staff"],
                "items": d.get("items") or [], "classes": d.get("classes") or [],
                "deactivate_account": bool(d.get("deactivate_account"))}
