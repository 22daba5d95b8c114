"""Pages of the study part: the study help desk (学业辅导站) and career guidance (生涯规划). Thin: a scoped selector
reads, one service writes, the template shows. Denied = 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from ..models import StudyProgram
from ..rules import can
from . import selectors, services
from .forms import ProgramFilterForm, ProgramForm, SessionForm, SignupForm


def _places_left(program) -> int | None:
    """None without a limit; never below 0 (places may have been lowered by hand in the database)."""
    return None if program.capacity is None else max(program.capacity - program.signed_up, 0)


@actor_view("study.view")
def study(request):
    actor = request.actor
    form = ProgramFilterForm(request.GET or None)
    page = paginate(request, selectors.study_programs(actor, **form.filters()))
    for p in page:
        p.places_left = _places_left(p)
    signup_students = list(selectors.signup_students(actor)) if actor.can("study.signup") else []
    return render(request, "care/study_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "manages": actor.can("study.manage") and can(actor, "manage_program", StudyProgram(school=actor.school)),
        "signup_students": signup_students,
        "own_growth": signup_students if actor.can("growth.view") else [],
    })


def _program_form_page(request, program: StudyProgram | None):
    actor = request.actor
    initial = {"signup_open": True}
    if program is not None:
        initial = {f: getattr(program, f) for f in ("kind", "title", "description", "tutor", "host", "place",
                                                    "capacity", "signup_open")}
    elif request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = ProgramForm(request.POST or None, initial=initial, tutors=selectors.study_tutors(actor))

    def save():
        if program is None:
            return services.program_create(actor=actor, **form.service_kwargs())
        return services.program_update(actor=actor, program=program, **form.service_kwargs())

    if saved := submit(request, form, save, _("Programme saved.")):
        return redirect("care:study-detail", pk=saved.pk)
    return render(request, "care/study_form.html", {"form": form, "program": program}, status=form_status(request))


@actor_view("study.manage")
def study_new(request):
    if not can(request.actor, "manage_program", StudyProgram(school=request.actor.school)):
        raise Http404
    return _program_form_page(request, None)


@actor_view("study.manage")
def study_edit(request, pk: int):
    program = get_object_or_404(selectors.study_programs(request.actor), pk=pk)
    if not can(request.actor, "manage_program", program):
        raise Http404
    return _program_form_page(request, program)


@actor_view("study.view")
def study_detail(request, pk: int):
    actor = request.actor
    program = get_object_or_404(selectors.study_programs(actor), pk=pk)
    keeps = can(actor, "take_attendance", program)
    enrolments = list(selectors.program_enrolments(actor, program, full=keeps))
    if keeps:
        log_list(request, "study_enrolment", len(enrolments), object_id=program.pk)
    family = list(selectors.signup_students(actor)) if actor.can("study.signup") else []
    signed = {e.student_id for e in enrolments}
    return render(request, "care/study_detail.html", {
        "program": program, "sessions": list(selectors.program_sessions(program)), "enrolments": enrolments,
        "keeps": keeps, "manages": actor.can("study.manage") and can(actor, "manage_program", program),
        "family": [{"student": s, "signed": s.pk in signed} for s in family],
        "places_left": _places_left(program),
        "today": timezone.localdate(),
    })


def _back(request, program: StudyProgram):
    target = request.POST.get("next", "")
    if target == "list":
        return redirect("care:study")
    return redirect("care:study-detail", pk=program.pk)


def _signup_step(request, program: StudyProgram, candidates, service, unchosen: str, done: str):
    """Sign a chosen student up or cancel the sign-up (service), then back to where the button was."""
    student = SignupForm(request.POST, students=candidates).chosen()
    if student is None:
        messages.error(request, unchosen)
    else:
        act(request, lambda: service(actor=request.actor, program=program, student=student),
            done % {"name": student.name, "title": program.title})
    return _back(request, program)


@require_POST
@actor_view("study.signup")
def study_signup(request, pk: int):
    actor = request.actor
    program = get_object_or_404(selectors.study_programs(actor), pk=pk)
    return _signup_step(request, program, selectors.signup_students(actor), services.program_signup,
                        _("Choose which child to sign up."), _("%(name)s is signed up for %(title)s."))


@require_POST
@actor_view("study.view")
def study_cancel(request, pk: int):
    actor = request.actor
    program = get_object_or_404(selectors.study_programs(actor), pk=pk)
    if actor.can("study.signup"):
        candidates = selectors.signup_students(actor)
    elif actor.can("study.manage") and can(actor, "manage_program", program):
        candidates = selectors.enrolled_students(program)
    else:
        raise Http404
    return _signup_step(request, program, candidates, services.program_cancel,
                        _("Choose whose sign-up to cancel."), _("%(name)s is no longer signed up for %(title)s."))


@actor_view("study.view")
def study_session_new(request, pk: int):
    actor = request.actor
    program = get_object_or_404(selectors.attendance_programs(actor), pk=pk)
    form = SessionForm(request.POST or None, initial={"held_on": timezone.localdate(), "place": program.place})
    if submit(request, form, lambda: services.session_create(actor=actor, program=program, **form.cleaned_data),
              _("Session added.")):
        return redirect("care:study-detail", pk=program.pk)
    return render(request, "care/study_session_form.html", {"form": form, "program": program},
                  status=form_status(request))


@actor_view("study.view")
def study_attendance(request, pk: int):
    """A phone-friendly checklist of the signed-up students, saved in one POST."""
    actor = request.actor
    session = selectors.program_session(actor, pk)
    errors: list[str] = []
    rows = selectors.attendance_checklist(session)
    if request.method == "POST":
        present = [n for v in request.POST.getlist("present") if (n := parse_id(v))]
        try:
            counts = services.attendance_save(actor=actor, session=session, present=present)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Attendance saved: %(present)d present, %(absent)d absent.") % counts)
            return redirect("care:study-detail", pk=session.program_id)
        ticked = set(present)
        for r in rows:  # show what was sent, not what is stored
            r["present"] = r["student"].pk in ticked
    log_view(request, "study_attendance", session)
    return render(request, "care/study_attendance.html", {
        "session": session, "program": session.program, "rows": rows, "errors": errors,
        "future": session.held_on > timezone.localdate(),
    }, status=form_status(request))
