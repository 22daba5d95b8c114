"""Pages of the care part: volunteer inspections (义务监督员), training and study (ELD-3), care for the
elders (ELD-4). Thin: a selector reads, one service writes, the template shows."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.services import access_log_record
from xinhuo.core.web import actor_view, form_errors_from, form_status, paginate, query_without_page, stream_file

from . import selectors, services
from .care_forms import (
    CareVisitDoneForm,
    CareVisitForm,
    HealthCheckForm,
    InspectionFilterForm,
    InspectionForm,
    InspectionStepForm,
    RecreationForm,
    TrainingFilterForm,
    TrainingSessionForm,
)
from .models import ElderRole, Inspection, TrainingSession
from .rules import can

# --- inspections ---------------------------------------------------------------------------------------


@actor_view("inspections.view")
def inspections(request):
    actor = request.actor
    form = InspectionFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.inspection_list(actor, **filters))
    access_log_record(actor, "search" if filters.get("q") else "list", "inspection",
                      detail={"filters": {k: v for k, v in filters.items() if v}, "count": page.paginator.count},
                      request=request)
    return render(request, "elders/inspection_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
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
    if request.method == "POST" and form.is_valid():
        try:
            report = services.inspection_file(actor=actor, **form.service_kwargs())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Report filed; the committee has been told."))
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
    access_log_record(request.actor, "view", "inspection", report.pk, request=request)
    return _inspection_page(request, report)


@require_POST
@actor_view("inspections.view")
def inspection_step(request, pk: int):
    actor = request.actor
    report = selectors.inspection_detail(actor, pk)
    if not can(actor, "follow_up_inspection", report):
        raise Http404
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


# --- training ------------------------------------------------------------------------------------------


@actor_view("training.view")
def training(request):
    actor = request.actor
    form = TrainingFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.training_list(actor, **filters))
    access_log_record(actor, "search" if filters.get("q") else "list", "training",
                      detail={"filters": {k: v for k, v in filters.items() if v}, "count": page.paginator.count},
                      request=request)
    return render(request, "elders/training_list.html", {
        "form": form, "page": page, "query": query_without_page(request), "manages": actor.can("elders.manage"),
        "today": timezone.localdate(),
    })


@actor_view("training.view")
def training_detail(request, pk: int):
    actor = request.actor
    session = selectors.training_detail(actor, pk)
    access_log_record(actor, "view", "training", session.pk, request=request)
    manages = can(actor, "manage_training", session)
    attendance = list(session.attendance.all())
    if not manages:  # an elder sees the session and their own mark, not the others' attendance
        attendance = [a for a in attendance if a.elder_id == actor.elder_id]
    return render(request, "elders/training_detail.html", {
        "session": session, "manages": manages, "attendance": attendance,
        "future": session.date > timezone.localdate(),
    })


def _training_form_page(request, session: TrainingSession | None):
    actor = request.actor
    if session is None:
        initial = {"date": timezone.localdate(), "hours": 2}
        if request.GET.get("kind") in TrainingSession.Kind.values:
            initial["kind"] = request.GET["kind"]
        if request.GET.get("role") in ElderRole.values:
            initial["role"] = request.GET["role"]
    else:
        initial = {f: getattr(session, f) for f in ("kind", "topic", "role", "date", "place", "speaker", "hours",
                                                    "materials")}
    form = TrainingSessionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = services.training_session_create(actor=actor, **form.service_kwargs())
            else:
                session = services.training_session_update(actor=actor, session=session, **form.service_kwargs())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Training session saved."))
            return redirect("elders:training-detail", pk=session.pk)
    return render(request, "elders/training_form.html", {"form": form, "session": session},
                  status=form_status(request))


@actor_view("training.view")
def training_new(request):
    if not request.actor.can("elders.manage"):
        raise Http404
    return _training_form_page(request, None)


@actor_view("training.view")
def training_edit(request, pk: int):
    session = selectors.training_detail(request.actor, pk)
    if not can(request.actor, "manage_training", session):
        raise Http404
    return _training_form_page(request, session)


@actor_view("training.view")
def training_attendance(request, pk: int):
    """The checklist: each elder present, absent, or not on the list (before the session: invited or not)."""
    actor = request.actor
    session = selectors.training_detail(actor, pk)
    if not can(actor, "manage_training", session):
        raise Http404
    future = session.date > timezone.localdate()
    errors: list[str] = []
    if request.method == "POST":
        marks = {k[4:]: v for k, v in request.POST.items() if k.startswith("att-")}
        present = [pk for pk, v in marks.items() if v == "present" and pk.isdigit()]
        absent = [pk for pk, v in marks.items() if v in ("absent", "invited") and pk.isdigit()]
        try:
            counts = services.training_attendance_set(actor=actor, session=session, present=[int(p) for p in present],
                                                      absent=[int(a) for a in absent])
        except ValidationError as exc:
            errors = exc.messages
        else:
            if future:
                messages.success(request, _("List saved: %(n)d invited.") % {"n": counts["absent"]})
            else:
                messages.success(request, _("Attendance saved: %(present)d present, %(absent)d absent.") % counts)
            return redirect("elders:training-detail", pk=session.pk)
    access_log_record(actor, "view", "training", session.pk, field="attendance", request=request)
    rows = selectors.attendance_checklist(actor, session)
    if request.method == "POST":  # show what was sent, not what is stored
        for r in rows:
            r["mark"] = {"present": "present", "absent": "absent", "invited": "absent"}.get(
                request.POST.get(f"att-{r['elder'].pk}", ""), "")
    return render(request, "elders/training_attendance.html", {
        "session": session, "rows": rows, "future": future, "errors": errors,
    }, status=form_status(request))


@actor_view("training.view")
def training_file(request, pk: int):
    material = selectors.training_material(request.actor, pk)
    ext = PurePath(material.file.name).suffix.lower()
    name = material.title if material.title.lower().endswith(ext) else f"{material.title}{ext}"
    return stream_file(material.file, download_name=name)


@require_POST
@actor_view("training.view")
def training_file_remove(request, pk: int):
    material = selectors.training_material(request.actor, pk)
    if not can(request.actor, "manage_training", material.session):
        raise Http404
    services.training_file_remove(actor=request.actor, material=material)
    messages.success(request, _("File removed."))
    return redirect("elders:training-detail", pk=material.session_id)


@actor_view("training.view")
def induction(request):
    """Induction per role: who holds a role without having attended an induction for it."""
    actor = request.actor
    needs = selectors.induction_needed(actor)
    access_log_record(actor, "list", "induction", detail={"count": len(needs)}, request=request)
    by_role: dict[str, dict] = {}
    for n in needs:
        by_role.setdefault(n.role, {"role": n.role, "label": n.role_label, "needs": []})["needs"].append(n)
    return render(request, "elders/training_induction.html", {"groups": list(by_role.values()), "count": len(needs)})


# --- care for the elders -------------------------------------------------------------------------------


@actor_view("elder_care.view")
def care(request):
    actor = request.actor
    overview = selectors.care_overview(actor)
    access_log_record(actor, "list", "elder_care", detail={
        "birthdays": len(overview.birthdays), "health_due": len(overview.health_due)}, request=request)
    return render(request, "elders/care_overview.html", {
        "o": overview, "health_form": HealthCheckForm(initial={"date": overview.today}),
    })


@actor_view("elder_care.view")
def care_visit_new(request):
    actor = request.actor
    if not actor.can("elders.manage"):
        raise Http404
    elders = selectors.care_elders(actor)
    initial: dict = {"planned_on": timezone.localdate()}
    if (request.GET.get("elder") or "").isdigit():
        initial["elder"] = int(request.GET["elder"])
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = CareVisitForm(request.POST or None, elders=elders, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_visit_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Visit planned."))
            return redirect("elders:care")
    return render(request, "elders/care_visit_form.html", {"form": form, "visit": None}, status=form_status(request))


@actor_view("elder_care.view")
def care_visit_edit(request, pk: int):
    actor = request.actor
    visit = selectors.care_visit_detail(actor, pk)
    if not can(actor, "manage_elder_care", visit):
        raise Http404
    form = CareVisitForm(request.POST or None, elders=selectors.care_elders(actor, also=[visit.elder_id]), initial={
        "elder": visit.elder_id, "kind": visit.kind, "planned_on": visit.planned_on, "visitors": visit.visitors,
        "notes": visit.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.care_visit_update(actor=actor, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Visit saved."))
            return redirect("elders:care")
    return render(request, "elders/care_visit_form.html", {"form": form, "visit": visit}, status=form_status(request))


@actor_view("elder_care.view")
def care_visit_done(request, pk: int):
    actor = request.actor
    visit = selectors.care_visit_detail(actor, pk)
    if not can(actor, "manage_elder_care", visit):
        raise Http404
    form = CareVisitDoneForm(request.POST or None, initial={
        "done_on": visit.done_on or timezone.localdate(), "visitors": visit.visitors, "notes": visit.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.care_visit_done(actor=actor, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Visit recorded as done."))
            return redirect("elders:care")
    return render(request, "elders/care_visit_done.html", {"form": form, "visit": visit}, status=form_status(request))


@require_POST
@actor_view("elder_care.view")
def health_check(request, pk: int):
    actor = request.actor
    elder = selectors.care_elders(actor).filter(pk=pk).first()
    if elder is None or not can(actor, "manage_elder_care", elder):
        raise Http404
    form = HealthCheckForm(request.POST)
    if form.is_valid():
        try:
            services.elder_health_check_record(actor=actor, elder=elder, date=form.cleaned_data["date"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Health check of %(name)s recorded: %(date)s.")
                             % {"name": elder.name, "date": form.cleaned_data["date"].isoformat()})
            return redirect("elders:care")
    return render(request, "elders/care_health_check.html", {"form": form, "elder": elder}, status=400)


def _recreation_page(request, event):
    actor = request.actor
    initial: dict = {"date": timezone.localdate()}
    if event is not None:
        initial = {"title": event.title, "date": event.date, "place": event.place, "notes": event.notes,
                   "participants": [p.pk for p in event.participants.all()]}
    elders = selectors.care_elders(actor, also=initial.get("participants", ()))
    form = RecreationForm(request.POST or None, elders=elders, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                services.recreation_event_create(actor=actor, **form.cleaned_data)
            else:
                services.recreation_event_update(actor=actor, event=event, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Recreation event saved."))
            return redirect("elders:care")
    return render(request, "elders/care_recreation_form.html", {"form": form, "event": event},
                  status=form_status(request))


@actor_view("elder_care.view")
def recreation_new(request):
    if not request.actor.can("elders.manage"):
        raise Http404
    return _recreation_page(request, None)


@actor_view("elder_care.view")
def recreation_edit(request, pk: int):
    event = selectors.recreation_detail(request.actor, pk)
    if not can(request.actor, "manage_elder_care", event):
        raise Http404
    return _recreation_page(request, event)
