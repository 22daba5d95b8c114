"""Pages of the growth part: the growth record (成长档案) and its entries. Thin: a scoped selector reads, one service
writes, the template shows. Denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.models import Role
from xinhuo.core.web import actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from ..models import GrowthKind
from ..rules import can
from . import selectors, services
from .forms import GrowthEntryForm, GrowthSearchForm

# what fills each section of the growth record, said under its heading (issue 20)
HOW_IT_FILLS = {
    GrowthKind.AWARD: gettext_lazy("Added when the student wins an honour selection; staff may add other awards."),
    GrowthKind.ACTIVITY: gettext_lazy("Every activity the student was checked in at, added when the organiser writes "
                                      "its summary; staff may add others."),
    GrowthKind.SERVICE: gettext_lazy("The hours of volunteer activities the student was checked in at (added with "
                                     "the summary), and service recorded by staff."),
    GrowthKind.CLUB: gettext_lazy("A club showcase the student attended: one entry per club and term."),
    GrowthKind.MORAL_NOTE: gettext_lazy("Written by the head teacher, a counsellor or the committee; internal notes "
                                        "are for staff only."),
    "study": gettext_lazy("The study programmes the student is enrolled in, with the sessions attended."),
    "support": gettext_lazy("The support measures the school recorded for the student."),
    "mentors": gettext_lazy("The student's current growth mentors."),
}


def _growth_page(request, student):
    actor = request.actor
    record = selectors.growth_record(actor, student)
    log_view(request, "growth_record", student, screening=record.screening is not None,
             flag=record.needs_attention is not None)
    if record.screening is not None:
        log_list(request, "student_tag", len(record.screening), object_id=student.pk, field="screening",
                 via="growth_record")
    if record.screenings is not None:
        log_list(request, "screening_response", len(record.screenings), object_id=student.pk, field="results",
                 via="growth_record")
    sections = [(kind, label, record.entries[kind], HOW_IT_FILLS[kind]) for kind, label in GrowthKind.choices]
    return render(request, "care/growth_detail.html", {
        "record": record, "student": student, "sections": sections, "how": HOW_IT_FILLS,
        "can_record": actor.can("growth.record") and can(actor, "record_growth", student),
        "kinds": GrowthKind.choices,
        "editable": set(selectors.editable_growth_entries(actor).filter(student=student).values_list("pk", flat=True))
        if actor.can("growth.record") else set(),
    })


@actor_view("growth.view")
def growth(request):
    """Staff pick a student they may see; a parent sees their children; a student gets their own record."""
    actor = request.actor
    if actor.has_role(Role.STUDENT) and actor.student_id and not actor.can("growth.record"):
        student = get_object_or_404(selectors.growth_students(actor), pk=actor.student_id)
        return _growth_page(request, student)
    form = GrowthSearchForm(request.GET or None)
    q = form.query()
    page = paginate(request, selectors.growth_student_search(actor, q=q))
    log_list(request, "growth_record", page, search=bool(q), q=q)
    return render(request, "care/growth_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "family": actor.has_role(Role.PARENT) and not actor.can("growth.record"),
    })


@actor_view("growth.view")
def growth_detail(request, pk: int):
    student = get_object_or_404(selectors.growth_students(request.actor), pk=pk)
    return _growth_page(request, student)


@actor_view("growth.record")
def growth_entry_new(request, pk: int):
    actor = request.actor
    student = get_object_or_404(selectors.growth_students(actor), pk=pk)
    if not can(actor, "record_growth", student):
        raise Http404
    kind = request.GET.get("kind") if request.GET.get("kind") in GrowthKind.values else GrowthKind.AWARD
    form = GrowthEntryForm(request.POST or None, initial={
        "kind": kind, "on": timezone.localdate(), "internal": kind == GrowthKind.MORAL_NOTE})
    if submit(request, form, lambda: services.growth_entry_add(actor=actor, student=student, **form.service_kwargs()),
              _("Entry added to the growth record.")):
        return redirect("care:growth-detail", pk=student.pk)
    return render(request, "care/growth_entry_form.html", {"form": form, "student": student},
                  status=form_status(request))


@actor_view("growth.record")
def growth_entry_edit(request, pk: int):
    actor = request.actor
    entry = get_object_or_404(selectors.editable_growth_entries(actor), pk=pk)
    form = GrowthEntryForm(request.POST or None, initial={
        "kind": entry.kind, "on": entry.on, "title": entry.title, "detail": entry.detail, "hours": entry.hours,
        "internal": entry.internal})
    if submit(request, form, lambda: services.growth_entry_update(actor=actor, entry=entry, **form.service_kwargs()),
              _("Entry corrected.")):
        return redirect("care:growth-detail", pk=entry.student_id)
    return render(request, "care/growth_entry_form.html", {"form": form, "student": entry.student, "entry": entry},
                  status=form_status(request))
