"""Pages of the elder registry (ELD-1): the list, an elder's card or profile, the committee's form, the
elder's own profile, weekly availability, and the Excel import and export.

Every list, search, view, reveal and export of elder records writes an access-log row; the mobile number
is masked until revealed; health information is for the committee's director and leaders only.
"""

from __future__ import annotations

import io
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.excel import MAX_BYTES, remove_old_uploads, xlsx_response
from xinhuo.core.masking import mask_phone
from xinhuo.core.web import act, actor_view, form_status, log_view, submit

from ..common import allowed, list_context, safe_next
from ..models import Elder
from ..rules import can
from ..selectors import my_elder
from . import selectors, services, workbook
from .forms import AvailabilityForm, ElderFilterForm, ElderForm, ElderImportForm, OwnProfileForm


@actor_view("elders.view")
def elder_list(request):
    actor = request.actor
    manager = actor.can("elders.manage")
    context = list_context(request, ElderFilterForm(request.GET or None, manager=manager), selectors.elder_list,
                           "elder", numbered=True)
    for e in context["page"]:
        e.roles = selectors.roles_held(e)  # type: ignore[attr-defined]
        e.load = selectors.current_load(e)  # type: ignore[attr-defined]
    return render(request, "elders/registry_list.html", {
        **context, "manager": manager, "export_query": context["query"], "own_elder_id": actor.elder_id,
    })


def _phone_context(actor, elder: Elder) -> dict:
    """What core/_sensitive.html needs: the masked number, and the logged reveal for the committee."""
    allowed = bool(elder.phone) and can(actor, "reveal_elder_phone", elder)
    return {"has_value": bool(elder.phone), "masked": mask_phone(elder.phone), "allowed": allowed,
            "url": reverse("elders:reveal", args=[elder.pk]) if allowed else ""}


def _availability_context(actor, elder: Elder, back: str) -> dict:
    editable = can(actor, "edit_elder_availability", elder)
    return {"slots": list(elder.availability.all()), "slots_editable": editable, "back": back,
            "slot_form": AvailabilityForm(auto_id="slot_%s") if editable else None}


@actor_view("elders.view")
def elder_detail(request, pk: int):
    """The public card (name, category, roles held); the whole profile for the committee and the elder
    themself; health information for the director and leaders."""
    actor = request.actor
    elder = selectors.elder_detail(actor, pk)
    full = can(actor, "view_elder_profile", elder)
    health = can(actor, "view_elder_health", elder)
    log_view(request, "elder", elder, profile=full, health=health)
    context = {
        "elder": elder, "roles": selectors.roles_held(elder), "full": full, "health": health,
        "can_edit": can(actor, "edit_elder", elder), "is_self": actor.elder_id == elder.pk,
    }
    if full:
        context.update(load=selectors.current_load(elder), phone=_phone_context(actor, elder),
                       **_availability_context(actor, elder, reverse("elders:detail", args=[elder.pk])))
    return render(request, "elders/elder_detail.html", context)


@require_POST
@actor_view("elders.view")
def elder_reveal(request, pk: int):
    """The full mobile number, logged; an htmx request gets just the value back."""
    elder = selectors.elder_detail(request.actor, pk)
    value = services.elder_phone_reveal(actor=request.actor, elder=elder, request=request)
    return render(request, "people/_revealed.html", {"value": value})


@actor_view("elders.manage")
def elder_create(request):
    actor = request.actor
    form = ElderForm(request.POST or None, health=actor.can("elders.health"),
                     initial={"joined_on": timezone.localdate(), "status": Elder.Status.ACTIVE, "max_load": 3})
    if elder := submit(request, form, lambda: services.elder_create(actor=actor, **form.service_values()),
                       lambda elder: _("%(name)s has been added to the registry.") % {"name": elder.name}):
        return redirect("elders:detail", pk=elder.pk)
    return render(request, "elders/registry_form.html", {"form": form, "elder": None},
                  status=form_status(request))


@actor_view("elders.manage")
def elder_edit(request, pk: int):
    actor = request.actor
    elder = allowed(actor, "edit_elder", selectors.elder_detail(actor, pk))
    health = can(actor, "view_elder_health", elder)
    form = ElderForm(request.POST or None, elder=elder, health=health)
    if submit(request, form, lambda: services.elder_update(actor=actor, elder=elder, **form.service_values()),
              _("Changes saved.")):
        return redirect("elders:detail", pk=elder.pk)
    if request.method != "POST":
        log_view(request, "elder", elder, form=True, health=health)
    return render(request, "elders/registry_form.html", {"form": form, "elder": elder},
                  status=form_status(request))


@actor_view("elders.home")
def my_profile(request):
    """The elder keeps their own mobile number, specialties, willingness and weekly availability up to date."""
    actor = request.actor
    elder = my_elder(actor)
    if elder is None:
        return render(request, "elders/registry_no_record.html")
    form = OwnProfileForm(request.POST or None, initial={
        "phone": elder.phone or "", "specialties": elder.specialties, "willingness": elder.willingness})
    if submit(request, form, lambda: services.elder_update(actor=actor, elder=elder, **form.cleaned_data),
              _("Your profile has been saved.")):
        return redirect("elders:my-profile")
    context = {"elder": elder, "form": form, **_availability_context(actor, elder, reverse("elders:my-profile"))}
    return render(request, "elders/registry_my_profile.html", context,
                  status=form_status(request))


@require_POST
@actor_view("elders.view")
def availability_add(request, pk: int):
    actor = request.actor
    elder = allowed(actor, "edit_elder_availability", selectors.elder_detail(actor, pk))
    back = safe_next(request, reverse("elders:detail", args=[elder.pk]))
    form = AvailabilityForm(request.POST)
    if not form.is_valid():  # each problem named by its field: the message stands away from the form
        problems = [f"{form.fields[f].label}：{e}" if f in form.fields else str(e)
                    for f, errs in form.errors.items() for e in errs]
        messages.error(request, " ".join(problems))
        return redirect(back)
    act(request, lambda: services.availability_add(actor=actor, elder=elder, **form.cleaned_data),
        lambda slot: _("Added to the weekly availability: %(slot)s.") % {"slot": slot})
    return redirect(back)


@require_POST
@actor_view("elders.view")
def availability_remove(request, pk: int):
    actor = request.actor
    slot = selectors.availability_slot(actor, pk)
    if not can(actor, "edit_elder_availability", slot.elder):
        raise Http404
    services.availability_remove(actor=actor, slot=slot)
    messages.success(request, _("Removed from the weekly availability: %(slot)s.") % {"slot": slot})
    return redirect(safe_next(request, reverse("elders:detail", args=[slot.elder_id])))


# --- Excel import and export -------------------------------------------------------------------------------


@actor_view("elders.manage")
def elder_import(request):
    """Upload → every row checked → problems by row and column with a downloadable report and nothing
    written, or everything created and updated at once."""
    actor = request.actor
    form = ElderImportForm(request.POST or None, request.FILES or None)
    outcome, token, status = None, None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            check_only = form.cleaned_data["check_only"]
            try:
                outcome = services.elder_import(actor=actor, source=upload, dry_run=check_only)
            except services.ElderImportInvalid as exc:
                outcome = exc.outcome
                remove_old_uploads()
                token = workbook.keep_refused_upload(upload, school_id=actor.school.pk, user_id=actor.user.pk,
                                                     file_name=upload.name, errors=outcome.errors)
            else:
                status = 200
                if outcome.applied:
                    messages.success(request, _("Import done: %(created)d added, %(updated)d updated, %(unchanged)d "
                                                "unchanged.") % outcome.counts)
                    return redirect("elders:list")
    return render(request, "elders/registry_import.html", {
        "form": form, "outcome": outcome, "token": token, "max_mb": MAX_BYTES // 1024 // 1024,
        "max_rows": workbook.MAX_ROWS,
    }, status=status)


@actor_view("elders.manage")
def elder_import_template(request):
    buf = io.BytesIO()
    workbook.write_template(buf)
    return xlsx_response(buf, "五老人员信息导入模板.xlsx")


@actor_view("elders.manage")
def elder_import_errors(request, token: uuid.UUID):
    """The refused upload's rows with a 错误原因 column, and every problem on a second sheet (its uploader only)."""
    found = workbook.refused_upload(token, school_id=request.actor.school.pk, user_id=request.actor.user.pk)
    if found is None:
        raise Http404
    source, file_name, errors = found
    buf = io.BytesIO()
    workbook.write_error_report(source, errors, buf)
    stem = file_name.rsplit(".", 1)[0] or "elders"
    return xlsx_response(buf, f"{stem}-错误报告.xlsx")


@actor_view("elders.manage")
def elder_export(request):
    """The list as it is filtered, in the import template's format; mobile numbers in full with ?full=1."""
    actor = request.actor
    form = ElderFilterForm(request.GET or None, manager=True)
    buf = io.BytesIO()
    services.elder_export(actor=actor, out=buf, full=request.GET.get("full") == "1", request=request,
                          **form.filters())
    return xlsx_response(buf, f"五老人员信息-{timezone.localdate():%Y%m%d}.xlsx")
