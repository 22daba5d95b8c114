"""Pages of the parent school (FAM-1). Thin: a scoped selector reads, one service writes, the template shows.
Denied = 404."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core import pdf
from xinhuo.core.models import Grade, User
from xinhuo.core.services import access_log_record
from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    log_list,
    paginate,
    query_without_page,
    stream_file,
    stream_ranged,
    submit,
)
from xinhuo.people import selectors as people_selectors

from . import certificate, selectors, services
from .forms import (
    CourseForm,
    ExcellentForm,
    LectureForm,
    MaterialForm,
    RegisterForm,
    SessionForm,
    WalkInForm,
    elder_choices,
    staff_choices,
)
from .models import MicroLecture, SessionRegistration
from .rules import EXCELLENT_MIN_SESSIONS, can

ATTENDANCE = "family_school_attendance"
CHECKIN = "family_school_checkin"


def _int(value) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 < n < 2**31 else None


# --- courses and sessions -------------------------------------------------------------------------------------------


@actor_view("family.school.view")
def home(request):
    """The term's courses with their sessions; a parent's registration on each; the managers' buttons."""
    actor = request.actor
    terms = list(selectors.terms(actor))
    term = _int(request.GET.get("term"))
    chosen = next((t for t in terms if t.pk == term), None) or selectors.current_term(actor.school)
    courses = list(selectors.courses(actor, term=chosen.pk if chosen else None).prefetch_related("lectures"))
    sessions = list(selectors.sessions(actor, term=chosen.pk if chosen else None))
    mine = {r.session_id: r for r in selectors.my_registrations(actor).filter(session__in=sessions)}
    by_course: dict[int, list] = {}
    for s in sessions:
        s.mine = mine.get(s.pk)  # type: ignore[attr-defined]
        by_course.setdefault(s.course_id, []).append(s)
    for c in courses:
        c.session_list = by_course.get(c.pk, [])  # type: ignore[attr-defined]
    return render(request, "family/school/home.html", {
        "terms": terms, "term": chosen, "courses": courses, "manages": actor.can("family.school.manage"),
        "parent": actor.can("family.school.register") and actor.guardian_id is not None,
    })


def _course_form(request, course):
    actor = request.actor
    organisers = User.objects.filter(memberships__school=actor.school, is_active=True).exclude(
        memberships__role__in=["parent", "student"]).distinct().order_by("full_name", "pk")
    form = CourseForm(request.POST or None, terms=selectors.terms(actor),
                      grades=Grade.objects.filter(school=actor.school).order_by("level", "pk"),
                      organisers=organisers,
                      initial=CourseForm.initial_for(course) if course else
                      {"term": selectors.current_term(actor.school)})
    saved = submit(request, form, lambda: services.course_save(actor=actor, course=course, **form.cleaned_data),
                   _("Course saved."))
    if saved:
        return redirect("family:school-course", pk=saved.pk)
    return render(request, "family/school/course_form.html", {"form": form, "course": course},
                  status=form_status(request))


@actor_view("family.school.manage")
def course_create(request):
    return _course_form(request, None)


@actor_view("family.school.manage")
def course_edit(request, pk: int):
    return _course_form(request, selectors.managed_course(request.actor, pk))


@actor_view("family.school.view")
def course_detail(request, pk: int):
    actor = request.actor
    course = selectors.course_detail(actor, pk)
    sessions = list(selectors.sessions(actor).filter(course=course))
    mine = {r.session_id: r for r in selectors.my_registrations(actor).filter(session__course=course)}
    for s in sessions:
        s.mine = mine.get(s.pk)  # type: ignore[attr-defined]
        s.checks_in = can(actor, "check_in", s)  # type: ignore[attr-defined]
    manages = can(actor, "manage_course", course)
    return render(request, "family/school/course_detail.html", {
        "course": course, "sessions": sessions, "lectures": list(course.lectures.select_related("session")),
        "materials": list(course.materials.filter(lecture__isnull=True)), "manages": manages,
        "material_form": MaterialForm() if manages else None,
    })


def _session_form(request, course, session):
    actor = request.actor
    form = SessionForm(request.POST or None, staff=staff_choices(actor.school), elders=elder_choices(actor.school),
                       initial=SessionForm.initial_for(session) if session else {"mode": "on_site"})
    saved = submit(request, form, lambda: services.session_save(actor=actor, course=course, session=session,
                                                                **form.values()),
                   _("Session saved."))
    if saved:
        return redirect("family:school-session", pk=saved.pk)
    return render(request, "family/school/session_form.html", {"form": form, "course": course, "session": session},
                  status=form_status(request))


@actor_view("family.school.manage")
def session_create(request, pk: int):
    return _session_form(request, selectors.managed_course(request.actor, pk), None)


@actor_view("family.school.manage")
def session_edit(request, pk: int):
    session = selectors.session_detail(request.actor, pk)
    return _session_form(request, selectors.managed_course(request.actor, session.course_id), session)


@actor_view("family.school.view")
def session_detail(request, pk: int):
    actor = request.actor
    session = selectors.session_detail(actor, pk)
    mine = selectors.my_registration(actor, session)
    children = selectors.my_children(actor)
    registers = (can(actor, "register", session) and not session.cancelled and not session.started
                 and (mine is None or not mine.active))
    return render(request, "family/school/session_detail.html", {
        "session": session, "course": session.course, "mine": mine,
        "form": RegisterForm(children=children, school=actor.school) if registers and children else None,
        "checks_in": can(actor, "check_in", session), "manages": can(actor, "manage_course", session.course),
        "lectures": list(session.lectures.all()),
        "full": session.registered >= session.capacity,  # type: ignore[attr-defined]
    })


@require_POST
@actor_view("family.school.register")
def session_register(request, pk: int):
    actor = request.actor
    session = selectors.session_detail(actor, pk)
    form = RegisterForm(request.POST, children=selectors.my_children(actor), school=actor.school)
    act(request, lambda: services.registration_create(actor=actor, session=session,
                                                      student=form.cleaned_data["student"]),
        _("You are registered. See you at the session!"), form=form)
    return redirect("family:school-session", pk=session.pk)


@require_POST
@actor_view("family.school.register")
def registration_cancel(request, pk: int):
    actor = request.actor
    row = selectors.my_registrations(actor).filter(pk=pk).first()
    if row is None:
        raise Http404
    act(request, lambda: services.registration_cancel(actor=actor, registration=row),
        _("Your registration is cancelled."))
    if request.POST.get("next") == "mine":
        return redirect("family:school-mine")
    return redirect("family:school-session", pk=row.session_id)


# --- check-in -------------------------------------------------------------------------------------------------------

CHECKIN_PAGE = 50  # registrations a page of the door list: a whole-school session has thousands


@actor_view("family.school.view")
def checkin(request, pk: int):
    """The organiser's phone list: the registered parents with a big check-in button each; walk-ins by search."""
    actor = request.actor
    session = selectors.checkin_session(actor, pk)
    q = (request.GET.get("q") or "").strip()[:30]
    candidates = selectors.walkin_candidates(actor, q) if q else []
    if request.htmx and request.GET.get("part") == "walkin":
        return render(request, "family/school/_walkin_results.html", {"session": session, "candidates": candidates,
                                                                        "q": q})
    find = (request.GET.get("find") or "").strip()[:30]
    todo = request.GET.get("todo") == "1"
    page = paginate(request, selectors.checkin_rows(session, find=find, todo=todo), per_page=CHECKIN_PAGE)
    log_list(request, CHECKIN, page, {"find": find, "todo": todo}, object_id=session.pk)
    counts = selectors.checkin_counts(session)
    return render(request, "family/school/checkin.html", {
        "session": session, "page": page, "q": q, "candidates": candidates, "find": find, "todo": todo,
        "checked": counts["checked"], "total": counts["total"], "query": query_without_page(request),
    })


@require_POST
@actor_view("family.school.view")
def checkin_set(request, pk: int):
    actor = request.actor
    row = SessionRegistration.objects.filter(pk=pk, session__course__school=actor.school).select_related(
        "session__course", "guardian", "student__school_class__grade").first()
    if row is None or not can(actor, "check_in", row.session):
        raise Http404
    attended = request.POST.get("attended") == "1"
    error = ""
    try:
        row = services.checkin_set(actor=actor, registration=row, attended=attended)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        row = selectors.checkin_rows(row.session).get(pk=row.pk)
        return render(request, "family/school/_checkin_row.html", {"r": row, "error": error},
                      status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("family:school-checkin", pk=row.session_id)


@require_POST
@actor_view("family.school.view")
def walkin(request, pk: int):
    actor = request.actor
    session = selectors.checkin_session(actor, pk)
    form = WalkInForm(request.POST)
    guardian = student = None
    if form.is_valid():
        guardian = people_selectors.guardians_of_school(actor.school).filter(pk=form.cleaned_data["guardian"]).first()
        student = (people_selectors.students_of_school(actor.school).filter(pk=form.cleaned_data["student"])
                   .select_related("school_class").first())
    if guardian is None:
        messages.error(request, _("Choose the parent from the search."))
    else:
        act(request, lambda: services.walkin_add(actor=actor, session=session, guardian=guardian, student=student),
            _("%(name)s is checked in.") % {"name": guardian.name})
    return redirect("family:school-checkin", pk=session.pk)


# --- micro-lectures and materials -----------------------------------------------------------------------------------


def _lecture_form(request, course, lecture):
    actor = request.actor
    form = LectureForm(request.POST or None, request.FILES or None, sessions=course.sessions.all(),
                       initial=LectureForm.initial_for(lecture) if lecture else None)
    def save():
        data = dict(form.cleaned_data)
        data["media"] = data.pop("upload", None)
        return services.lecture_save(actor=actor, course=course, lecture=lecture, **data)

    saved = submit(request, form, save,
                   _("Micro-lecture saved."))
    if saved:
        return redirect("family:school-lecture", pk=saved.pk)
    return render(request, "family/school/lecture_form.html", {"form": form, "course": course, "lecture": lecture},
                  status=form_status(request))


@actor_view("family.school.manage")
def lecture_create(request, pk: int):
    return _lecture_form(request, selectors.managed_course(request.actor, pk), None)


@actor_view("family.school.manage")
def lecture_edit(request, pk: int):
    lecture = selectors.lecture_detail(request.actor, pk)
    return _lecture_form(request, selectors.managed_course(request.actor, lecture.course_id), lecture)


@actor_view("family.school.view")
def lecture_detail(request, pk: int):
    actor = request.actor
    lecture = selectors.lecture_detail(actor, pk)
    view = selectors.my_views(actor).filter(lecture=lecture).first()
    mine = selectors.my_registration(actor, lecture.session) if lecture.session is not None else None
    return render(request, "family/school/lecture_detail.html", {
        "lecture": lecture, "course": lecture.course, "questions": list(lecture.questions.all()), "view": view,
        "mine": mine, "parent": actor.can("family.school.register") and actor.guardian_id is not None,
        "manages": can(actor, "manage_course", lecture.course), "result": None,
    })


def media_type(lecture: MicroLecture) -> str:
    from xinhuo.core.uploads import content_type_for

    return "video/mp4" if lecture.media.name.lower().endswith(".mp4") else content_type_for(lecture.media.name)


@actor_view("family.school.view")
def lecture_media(request, pk: int):
    lecture = selectors.lecture_detail(request.actor, pk)
    if not lecture.media:
        raise Http404
    return stream_ranged(request, lecture.media, media_type(lecture))


@require_POST
@actor_view("family.school.register")
def lecture_ended(request, pk: int):
    """The page's player reached the end (htmx, on the media element's "ended" event)."""
    actor = request.actor
    lecture = selectors.lecture_detail(actor, pk)
    result = services.lecture_finished(actor=actor, lecture=lecture)
    if request.htmx:
        return render(request, "family/school/_watched.html", {"result": result})
    messages.success(request, _("Recorded: you watched this micro-lecture."))
    return redirect("family:school-lecture", pk=lecture.pk)


@require_POST
@actor_view("family.school.register")
def lecture_quiz(request, pk: int):
    actor = request.actor
    lecture = selectors.lecture_detail(actor, pk)
    questions = list(lecture.questions.all())
    answers = [request.POST.get(f"q{q.pk}") for q in questions]
    try:
        result = services.quiz_answer(actor=actor, lecture=lecture, answers=answers)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("family:school-lecture", pk=lecture.pk)
    if result["passed"]:
        messages.success(request, _("%(score)d points: passed.") % {"score": result["score"]}
                         + (" " + _("You are checked in for the session.") if result["checked_in"] else ""))
    else:
        messages.error(request, _("%(score)d points; %(mark)d are needed to pass. Watch again and try once more.")
                       % {"score": result["score"], "mark": lecture.pass_mark})
    return redirect("family:school-lecture", pk=lecture.pk)


@require_POST
@actor_view("family.school.manage")
def material_create(request, pk: int):
    actor = request.actor
    course = selectors.managed_course(actor, pk)
    form = MaterialForm(request.POST, request.FILES)
    act(request, lambda: services.material_add(actor=actor, course=course, title=form.cleaned_data["title"],
                                               file=form.cleaned_data["file"]),
        _("Material added."), form=form)
    return redirect("family:school-course", pk=course.pk)


@actor_view("family.school.view")
def material_download(request, pk: int):
    material = selectors.material_detail(request.actor, pk)
    return stream_file(material.file, download_name=material.file_name)


# --- a parent's record ----------------------------------------------------------------------------------------------


@actor_view("family.school.register")
def mine(request):
    actor = request.actor
    if actor.guardian_id is None:
        raise Http404
    return render(request, "family/school/mine.html", {
        **selectors.my_record(actor), "open": list(selectors.open_sessions(actor)[:5]),
    })


# --- attendance -----------------------------------------------------------------------------------------------------


@actor_view("family.school.attendance")
def attendance(request):
    actor = request.actor
    classes = selectors.class_attendance(actor)
    class_ids = {r["class"].pk for r in classes}
    chosen = _int(request.GET.get("class"))
    chosen = chosen if chosen in class_ids else None
    never = request.GET.get("never") == "1"
    page = paginate(request, selectors.family_attendance(actor, school_class=chosen, never=never))
    log_list(request, ATTENDANCE, page, {"class": chosen, "never": never})
    start, end = selectors.year_range(actor.school)
    families = sum(r["families"] for r in classes)
    came = sum(r["attended"] for r in classes)
    chart = {"id": "class-chart", "type": "bar", "categories": [r["label"] for r in classes],
             "values": [r["attended"] for r in classes], "pcts": [r["pct"] for r in classes]}
    return render(request, "family/school/attendance.html", {
        "classes": classes, "page": page, "chosen": chosen, "never": never, "query": query_without_page(request),
        "start": start, "end": end, "families": families, "came": came,
        "pct": round(100 * came / families) if families else 0, "charts": [chart] if classes else [],
        "manages": actor.can("family.school.manage"),
    })


@require_POST
@actor_view("family.school.attendance")
def invite(request):
    actor = request.actor
    chosen = _int(request.POST.get("class"))
    act(request, lambda: services.invite_never_attended(actor=actor, school_class=chosen),
        lambda n: _("Invitation sent to %(n)d parents.") % {"n": n})
    url = "family:school-attendance"
    response = redirect(url)
    if chosen:
        response["Location"] += f"?class={chosen}&never=1"
    return response


# --- 优秀家长学员 -----------------------------------------------------------------------------------------------------


@actor_view("family.school.manage")
def excellent(request):
    actor = request.actor
    terms = list(selectors.terms(actor))
    term_id = _int(request.GET.get("term") or request.POST.get("term"))
    term = next((t for t in terms if t.pk == term_id), None) or selectors.current_term(actor.school)
    if term is None:
        raise Http404
    candidates = selectors.excellent_candidates(actor, term)
    if request.method == "POST":
        form = ExcellentForm(request.POST, candidates=candidates)
        act(request, lambda: services.excellent_confirm(actor=actor, term=term,
                                                        guardian_ids=form.cleaned_data["guardians"]),
            lambda rows: _("%(n)d parents confirmed as 优秀家长学员.") % {"n": len(rows)}, form=form)
        response = redirect("family:school-excellent")
        response["Location"] += f"?term={term.pk}"
        return response
    return render(request, "family/school/excellent.html", {
        "terms": terms, "term": term, "candidates": candidates,
        "confirmed": list(selectors.excellent_list(actor, term)),
        "min_sessions": EXCELLENT_MIN_SESSIONS,
    })


@actor_view("family.school.view")
def certificate_pdf(request, pk: int):
    actor = request.actor
    row = selectors.certificate_detail(actor, pk)
    buf = io.BytesIO()
    try:
        certificate.render_certificate(row, buf, school_name=actor.school.name)
    except pdf.PdfFontError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    access_log_record(actor, "export", "family_school_certificate", row.pk, request=request,
                      detail={"certificate": row.certificate_no})
    buf.seek(0)
    return FileResponse(buf, content_type="application/pdf", filename=certificate.certificate_filename(row))
