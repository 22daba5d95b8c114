"""Pages of training and study (ELD-3): sessions, their files and attendance, induction per role.
Thin: a selector reads, one service writes, the template shows."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import actor_view, form_status, log_list, log_view, stream_file, submit

from ..common import allowed, list_context
from ..models import ElderRole, TrainingSession
from ..rules import can
from . import selectors, services
from .forms import TrainingFilterForm, TrainingSessionForm


@actor_view("training.view")
def training(request):
    return render(request, "elders/training_list.html", {
        **list_context(request, TrainingFilterForm(request.GET or None), selectors.training_list, "training"),
        "manages": request.actor.can("elders.manage"), "today": timezone.localdate(),
    })


@actor_view("training.view")
def training_detail(request, pk: int):
    actor = request.actor
    session = selectors.training_detail(actor, pk)
    log_view(request, "training", session)
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

    def save() -> TrainingSession:
        if session is None:
            return services.training_session_create(actor=actor, **form.service_kwargs())
        return services.training_session_update(actor=actor, session=session, **form.service_kwargs())

    if saved := submit(request, form, save, _("Training session saved.")):
        return redirect("elders:training-detail", pk=saved.pk)
    return render(request, "elders/training_form.html", {"form": form, "session": session},
                  status=form_status(request))


@actor_view("training.view")
def training_new(request):
    if not request.actor.can("elders.manage"):
        raise Http404
    return _training_form_page(request, None)


@actor_view("training.view")
def training_edit(request, pk: int):
    session = allowed(request.actor, "manage_training", selectors.training_detail(request.actor, pk))
    return _training_form_page(request, session)


@actor_view("training.view")
def training_attendance(request, pk: int):
    """The checklist: each elder present, absent, or not on the list (before the session: invited or not)."""
    actor = request.actor
    session = allowed(actor, "manage_training", selectors.training_detail(actor, pk))
    future = session.date > timezone.localdate()
    errors: list[str] = []
    if request.method == "POST":
        marks = {k[4:]: v for k, v in request.POST.items() if k.startswith("att-")}
        present = [pk for pk, v in marks.items() if v == "present" and parse_id(pk)]
        absent = [pk for pk, v in marks.items() if v in ("absent", "invited") and parse_id(pk)]
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
    log_view(request, "training", session, field="attendance")
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
    log_list(request, "induction", len(needs))
    by_role: dict[str, dict] = {}
    for n in needs:
        by_role.setdefault(n.role, {"role": n.role, "label": n.role_label, "needs": []})["needs"].append(n)
    return render(request, "elders/training_induction.html", {"groups": list(by_role.values()), "count": len(needs)})
