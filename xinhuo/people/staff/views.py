"""Staff record pages (issue 19): add, edit, and a staff member leaving with their open work handed over."""

from __future__ import annotations

from django.apps import apps
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xinhuo.core.params import page_id
from xinhuo.core.web import actor_view, form_status, log_view, submit

from .. import selectors
from . import services
from .forms import StaffForm, StaffLeaveForm

UNLINKED_SHOWN = 20


def _form(request, staff=None):
    actor = request.actor
    accounts = services.linkable_accounts(actor, staff)
    initial: dict = {}
    account_id = page_id(request.GET, "user")
    if staff is None and account_id is not None:
        # from an account made with a staff role: its record, with the account's name, linked to it
        account = accounts.filter(pk=account_id).first()
        if account is not None:
            initial = {"user": account.pk, "name": account.full_name}
    if staff is not None:
        initial = {"name": staff.name, "staff_no": staff.staff_no, "gender": staff.gender,
                   "phone": staff.masked_phone, "department": staff.department_id, "position": staff.position,
                   "subject": staff.subject, "user": staff.user_id,
                   "classes": [c.pk for c in services.head_classes(staff)]}
    return StaffForm(request.POST or None, initial=initial, school=actor.school,
                     accounts=accounts, staff=staff,
                     can_make_account=actor.can("accounts.manage"))


@actor_view("staff.manage")
def staff_create(request):
    actor = request.actor
    form = _form(request)
    saved = submit(request, form, lambda: services.staff_save(actor=actor, **form.service_kwargs()),
                   _("Staff record saved."))
    if saved:
        if saved.new_password:  # the login made with the record: its temporary password, shown once
            return render(request, "core/account_password.html", {"account": saved.user,
                                                                  "password": saved.new_password})
        return redirect("people:staff-detail", pk=saved.pk)
    unlinked = list(services.linkable_accounts(actor)[:UNLINKED_SHOWN])
    return render(request, "people/staff/form.html", {"form": form, "member": None, "unlinked": unlinked},
                  status=form_status(request))


@actor_view("staff.manage")
def staff_edit(request, pk: int):
    actor = request.actor
    member = selectors.staff_detail(actor, pk)
    form = _form(request, member)
    saved = submit(request, form, lambda: services.staff_save(actor=actor, staff=member, **form.service_kwargs()),
                   _("Staff record saved."))
    if saved:
        if saved.new_password:
            return render(request, "core/account_password.html", {"account": saved.user,
                                                                  "password": saved.new_password})
        return redirect("people:staff-detail", pk=member.pk)
    return render(request, "people/staff/form.html", {"form": form, "member": member}, status=form_status(request))


@actor_view("staff.manage")
def staff_leave(request, pk: int):
    """The staff member's open work in every app and the classes they head, the chosen ones handed to another
    staff member in post, and the leave itself: one step."""
    actor = request.actor
    member = selectors.staff_detail(actor, pk)
    log_view(request, "staff", member)
    if member.left_on is not None or not member.active:
        return render(request, "people/staff/leave.html", {"member": member, "work": None, "form": None})
    work = services.open_work(actor, member)
    form = StaffLeaveForm(request.POST or None, staff=member, work=work, can_deactivate=actor.can("accounts.manage"))
    done = submit(request, form, lambda: services.staff_leave(actor=actor, staff=member, **form.service_kwargs()),
                  lambda r: _("%(name)s has left the school; %(n)d items handed over.") % {
                      "name": member.name, "n": r["items"] + r["classes"]})
    if done:
        return redirect("people:staff-detail", pk=member.pk)
    groups = [(apps.get_app_config(label).verbose_name, items) for label, items in work.groups]
    chosen = set(request.POST.getlist("items")) if request.method == "POST" else set()
    return render(request, "people/staff/leave.html", {"member": member, "work": work, "form": form,
                                                       "groups": groups, "chosen": chosen},
                  status=form_status(request))
