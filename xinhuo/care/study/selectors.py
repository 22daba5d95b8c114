"""Reads of the study part: the programmes of the study help desk and career guidance (STU-3), their sign-ups,
sessions and attendance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people import selectors as people_selectors

from ..common import my_mentor_ids
from ..models import Mentor, StudyAttendance, StudyEnrolment, StudyProgram, StudySession

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def programs(actor: Actor) -> QuerySet[StudyProgram]:
    actor.require("study.view")
    return StudyProgram.objects.filter(school=actor.school).select_related("tutor")


def uses_study_desk(actor: Actor) -> bool:
    """Whether the study help desk is worth a menu entry (NavEntry.shown): students and parents sign up, the
    managers run it, the staff who care for students send them there; anyone else (finance, an elder, a young
    teacher) once they tutor one of its programmes. At most two queries."""
    if actor.has_role(Role.STUDENT, Role.PARENT) or actor.can("study.manage") or actor.can("care.overview"):
        return True
    ids = my_mentor_ids(actor)
    return bool(ids) and StudyProgram.objects.filter(school=actor.school, tutor_id__in=ids).exists()


def _count_of(model, link: str, **filters) -> Coalesce:
    """How many `model` rows point at the outer row through `link`, as one correlated subquery (several counts on
    one list would multiply each other as joins)."""
    inner = (model.objects.filter(**{link: OuterRef("pk")}, **filters).order_by().values(link)
             .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def family_student_ids(actor: Actor) -> frozenset[int]:
    """The students a student or a parent acts for: themself, their children."""
    if not actor.has_role(Role.STUDENT, Role.PARENT):
        return frozenset()
    return frozenset(i for i in (actor.student_id, *actor.child_ids) if i)


def study_programs(actor: Actor, *, kind: str = "") -> QuerySet[StudyProgram]:
    """The school's programmes (everyone with study.view), open ones first, each with `signed_up` and
    `session_count`; for a student or a parent, `family_enrolments` holds their own sign-ups (never others')."""
    qs = programs(actor).annotate(signed_up=_count_of(StudyEnrolment, "program"),
                                  session_count=_count_of(StudySession, "program"))
    if kind:
        qs = qs.filter(kind=kind)
    own = family_student_ids(actor)
    if own:
        qs = qs.prefetch_related(Prefetch(
            "enrolments", queryset=StudyEnrolment.objects.filter(student_id__in=own).select_related("student"),
            to_attr="family_enrolments"))
    return qs.order_by("-signup_open", "-created_at", "-pk")


def attendance_programs(actor: Actor) -> QuerySet[StudyProgram]:
    """Programmes whose sign-ups and attendance the actor keeps (rules.take_attendance): all for the study
    managers, a tutor's own programmes."""
    qs = programs(actor)
    if actor.can("study.manage"):
        return qs
    return qs.filter(tutor_id__in=my_mentor_ids(actor))


def signup_students(actor: Actor) -> QuerySet[Student]:
    """The students the actor may sign up (rules.study_signup): a student themself, a parent their children."""
    return (people_selectors.students_of_school(actor.school).filter(pk__in=family_student_ids(actor))
            .select_related("school_class__grade").order_by("name", "pk"))


def study_tutors(actor: Actor) -> QuerySet[Mentor]:
    """Active growth mentors of the school who may tutor a programme."""
    return Mentor.objects.filter(school=actor.school, active=True).order_by("kind", "name", "pk")


def program_enrolments(actor: Actor, program: StudyProgram, *, full: bool) -> QuerySet[StudyEnrolment]:
    """A programme's sign-ups: all of them when `full` (the caller checked rules.take_attendance), otherwise only
    the actor's own and their children's."""
    qs = (StudyEnrolment.objects.filter(program=program).select_related("student__school_class__grade")
          .order_by("student__school_class__grade__level", "student__school_class__number", "student__name", "pk"))
    return qs if full else qs.filter(student_id__in=family_student_ids(actor))


def enrolled_students(program: StudyProgram) -> QuerySet[Student]:
    """The students signed up for a programme (for those who keep its list)."""
    return (people_selectors.students_of_school(program.school_id).filter(study_enrolments__program=program)
            .select_related("school_class__grade"))


def program_sessions(program: StudyProgram) -> QuerySet[StudySession]:
    """A programme's sessions with `present_count`, in date order."""
    return StudySession.objects.filter(program=program).annotate(
        present_count=_count_of(StudyAttendance, "session", present=True)).order_by("held_on", "starts_at", "pk")


def program_session(actor: Actor, pk: int) -> StudySession:
    """A session of a programme whose attendance the actor keeps; 404 otherwise."""
    session = (StudySession.objects.select_related("program__tutor")
               .filter(pk=pk, program__in=attendance_programs(actor)).first())
    if session is None:
        raise Http404
    return session


def attendance_checklist(session: StudySession) -> list[dict]:
    """The signed-up students of the session's programme, each with their stored mark (True, False or None)."""
    marks = dict(StudyAttendance.objects.filter(session=session).values_list("student_id", "present"))
    return [{"student": e.student, "present": marks.get(e.student_id)}
            for e in StudyEnrolment.objects.filter(program_id=session.program_id)
            .select_related("student__school_class").order_by("student__school_class__number", "student__name")]
