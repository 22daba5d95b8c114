"""Pages of the volunteer inspections (义务监督员): the reports, filing one with photos, the
committee's follow-up. Thin: a selector reads, one service writes, the template shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import actor_view, form_errors_from, form_status, log_view, stream_file, submit

from ..common import allowed, list_context
from ..models import Inspection
from ..rules import can
from . import selectors, services
from .forms import InspectionFilterForm, InspectionForm, InspectionStepForm


@actor_view("inspections.view")
def inspections(request):
    actor = request.actor
    return render(request, "elders/inspection_list.html", {
        **list_context(request, InspectionFilterForm(request.GET or None), selectors.inspection_list, "inspection"),
        "can_file": can(actor, "file_inspection"), "manages": actor.can("elders.manage"),
    })


@actor_view("inspections.view")
def inspection_new(request):
    actor = request.actor
    if not can(actor, "file_inspection"):
        raise Http404
    inspectors = selectors.inspectors(actor) if actor.can("elders.manage") else None
    form = InspectionForm(request.POST or None, request.FILES or None, inspectors=inspectors,
                          initial={"date": timezone.localdate()})
    if report := submit(request, form, lambda: services.inspection_file(actor=actor, **form.service_kwargs()),
                        _("Report filed; the committee has been told.")):
        return redirect("elders:inspection-detail", pk=report.pk)
    return render(request, "elders/inspection_form.html", {"form": form, "no_inspectors": inspectors is not None
                                                           and not inspectors.exists()}, status=form_status(request))


def _inspection_page(request, report, step_form=None, status: int = 200):
    actor = request.actor
    follow = can(actor, "follow_up_inspection", report)
    next_statuses = services.INSPECTION_NEXT[report.status]
    if not next_statuses:
        step_form = None
    elif follow and step_form is None:
        step_form = InspectionStepForm(next_statuses=next_statuses, initial={
            "status": Inspection.Status.CLOSED if report.status == Inspection.Status.FOLLOWING
            else Inspection.Status.FOLLOWING})
    return render(request, "elders/inspection_detail.html", {
        "report": report, "step_form": step_form if follow else None, "can_follow": follow,
    }, status=status)


@actor_view("inspections.view")
def inspection_detail(request, pk: int):
    report = selectors.inspection_detail(request.actor, pk)
    log_view(request, "inspection", report)
    return _inspection_page(request, report)


@require_POST
@actor_view("inspections.view")
def inspection_step(request, pk: int):
    actor = request.actor
    report = allowed(actor, "follow_up_inspection", selectors.inspection_detail(actor, pk))
    form = InspectionStepForm(request.POST, next_statuses=services.INSPECTION_NEXT[report.status])
    if form.is_valid():
        try:
            services.inspection_step(actor=actor, inspection=report, **form.cleaned_data)
        except ValidationError as exc:
            if report.status == Inspection.Status.CLOSED:
                messages.error(request, " ".join(exc.messages))
                return _inspection_page(request, report, status=400)
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Step recorded; the inspector has been told."))
            return redirect("elders:inspection-detail", pk=report.pk)
    return _inspection_page(request, report, form, status=400)


@actor_view("inspections.view")
def inspection_photo(request, pk: int):
    photo = selectors.inspection_photo(request.actor, pk)
    return stream_file(photo.image)
