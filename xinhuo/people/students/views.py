"""The students' pages of issue 19: add (a transfer in), edit, change class, leave, return. Thin: a selector,
one service, a page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xinhuo.core.models import Role
from xinhuo.core.web import actor_view, form_errors_from, form_status, submit

from . import selectors, services
from .forms import LeaveForm, MoveForm, ReturnForm, StudentAddForm, StudentForm


@actor_view("students.view")
def my_family(request):
    """Where a parent finds their child: one child is their page straight away, several a card each (never the
    searchable list); a student goes to their own page. Others have no child here (404)."""
    actor = request.actor
    family = selectors.my_family(actor)
    if len(family) == 1:
        return redirect("people:student-detail", pk=family[0].pk)
    if not family and not actor.has_role(Role.PARENT):
        raise Http404
    return render(request, "people/students/mine.html", {"children": family})


@actor_view("students.manage")
def student_add(request):
    actor = request.actor
    form = StudentAddForm(request.POST or None, classes=selectors.classes_to_add_to(actor))
    student = submit(request, form, lambda: services.student_create(actor=actor, **form.service_kwargs()),
                     lambda s: _("%(name)s added to %(class)s.") % {"name": s.name, "class": s.school_class})
    if student:
        return redirect("people:student-detail", pk=student.pk)
    return render(request, "people/students/form.html", {"form": form, "student": None},
                  status=form_status(request))


@actor_view("students.manage")
def student_edit(request, pk: int):
    actor = request.actor
    student = selectors.student_for(actor, pk, "edit_student")
    initial = {k: getattr(student, k) for k in ("name", "gender", "student_no", "birth_date", "enrolment_date")}
    form = StudentForm(request.POST or None, student=student, initial=initial)
    if submit(request, form, lambda: services.student_update(actor=actor, student=student, **form.student_values()),
              _("Changes saved.")):
        return redirect("people:student-detail", pk=student.pk)
    return render(request, "people/students/form.html", {"form": form, "student": student},
                  status=form_status(request))


@actor_view("students.move")
def student_move(request, pk: int):
    actor = request.actor
    student = selectors.student_for(actor, pk, "move_student")
    form = MoveForm(request.POST or None, classes=selectors.current_classes(actor).exclude(pk=student.school_class_id))
    if submit(request, form, lambda: services.student_move(actor=actor, student=student,
                                                           to_class=form.cleaned_data["school_class"],
                                                           on=form.cleaned_data["on"],
                                                           reason=form.cleaned_data["reason"]),
              lambda change: _("%(name)s moved to %(class)s.") % {"name": student.name, "class": change.to_label}):
        return redirect("people:student-detail", pk=student.pk)
    return render(request, "people/students/move.html", {"form": form, "student": student},
                  status=form_status(request))


@actor_view("students.leave")
def student_leave(request, pk: int):
    """Transfer out: the page then lists what each app closed for the student."""
    actor = request.actor
    student = selectors.student_for(actor, pk, "leave_student")
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leaving = services.student_leave(actor=actor, student=student, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return render(request, "people/students/left.html", {"leaving": leaving, "student": leaving.student})
    return render(request, "people/students/leave.html", {"form": form, "student": student},
                  status=form_status(request))


@actor_view("students.leave")
def student_return(request, pk: int):
    """Undo a mistaken leave."""
    actor = request.actor
    student = selectors.student_for(actor, pk, "leave_student")
    form = ReturnForm(request.POST or None, classes=selectors.current_classes(actor),
                      initial={"school_class": student.school_class_id})
    if submit(request, form, lambda: services.student_return(actor=actor, student=student,
                                                             to_class=form.cleaned_data["school_class"],
                                                             reason=form.cleaned_data["reason"]),
              _("%(name)s is back at school.") % {"name": student.name}):
        return redirect("people:student-detail", pk=student.pk)
    return render(request, "people/students/return.html", {"form": form, "student": student},
                  status=form_status(request))
