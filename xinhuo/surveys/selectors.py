"""Reads of surveys and the mailbox, scoped to the actor (rules.py holds the matching predicates).

Who may answer a survey is its audience: `seat(actor, survey)` says as whom (student, parent, elder, teacher) and
for which grade and class, or None. Other apps read satisfaction and effect results through `satisfaction` and
`activity_effect` of results/selectors.py (documented there), never through the tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.models import Role

from .models import Audience, Participation, Survey, SurveyStatus
from .questions import QSpec
from .rules import can

if TYPE_CHECKING:
    from xinhuo.activities.models import Activity

COMMITTEE_ROLES = frozenset({Role.DIRECTOR, Role.LEADER})
# the staff who answer a survey "for teachers" (not the administrator's or the finance officer's account alone)
TEACHER_ROLES = frozenset(STAFF_ROLES - {Role.ADMIN, Role.FINANCE})


@dataclass(frozen=True)
class Seat:
    """As whom a person answers a survey: kept beside a named answer; of an anonymous one only audience and grade."""

    audience: str
    grade_id: int | None = None
    class_id: int | None = None


# -- surveys the actor manages ---------------------------------------------------------------------------------------

def surveys(actor: Actor) -> QuerySet[Survey]:
    """The surveys the actor manages: the committee all of the school's, anyone else their own."""
    qs = Survey.objects.filter(school=actor.school)
    if actor.roles.isdisjoint(COMMITTEE_ROLES):
        qs = qs.filter(owner=actor.user)
    return qs.select_related("owner", "activity")


def survey_list(actor: Actor, *, q: str = "", status: str = "", purpose: str = "") -> QuerySet[Survey]:
    qs = surveys(actor)
    if q:
        qs = qs.filter(title__icontains=q)
    if status in SurveyStatus.values:
        qs = qs.filter(status=status)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs


def survey_detail(actor: Actor, pk) -> Survey:
    survey = surveys(actor).filter(pk=pk).prefetch_related("questions", "grades", "classes", "parent_classes").first()
    if survey is None or not can(actor, "manage_survey", survey):
        raise Http404
    return survey


# -- who answers ------------------------------------------------------------------------------------------------------

def _memo(actor: Actor, name: str, read):
    """Read once per actor (a request): "my surveys" asks seat() for every open survey."""
    cache = actor.__dict__.setdefault("_surveys_memo", {})
    if name not in cache:
        cache[name] = read()
    return cache[name]


def _student_of(actor: Actor):
    from xinhuo.people.selectors import students_of_school

    if actor.student_id is None:
        return None
    return _memo(actor, "student", lambda: students_of_school(actor.school).select_related("school_class")
                 .filter(pk=actor.student_id).first())


def _child_classes(actor: Actor) -> dict[int, int]:
    """class id -> grade id of the parent's children."""
    from xinhuo.people.selectors import students_of_school

    ids = actor.child_ids
    if not ids:
        return {}
    return _memo(actor, "children", lambda: dict(students_of_school(actor.school).filter(pk__in=ids)
                                                 .values_list("school_class_id", "school_class__grade_id")))


# A published survey's audience never changes (services.survey_update), and its questions never change once anyone
# has answered (services._editable): both are then kept per process, so that a submission reads neither. The key
# is the survey's row as it was published (its id alone could come back after a rolled-back test transaction).
_FROZEN: dict[tuple, Any] = {}
_FROZEN_MAX = 1000


def _stamp(survey: Survey) -> tuple | None:
    """The survey's version stamp for the per-process cache; None while it may still change (a draft)."""
    if survey.status == SurveyStatus.DRAFT or survey.published_at is None:
        return None
    return (survey.pk, survey.school_id, survey.created_at, survey.published_at, survey.version)


def _frozen(key: tuple, read: Callable[[], Any]) -> Any:
    try:
        return _FROZEN[key]
    except KeyError:
        pass
    if len(_FROZEN) >= _FROZEN_MAX:
        _FROZEN.clear()  # a school has a few dozen surveys open at most: this only bounds a long-lived process
    value = _FROZEN[key] = read()
    return value


def audience_ids(survey: Survey, relation: str) -> frozenset[int]:
    """The ids of a survey's "grades", "classes" or "parent_classes": prefetched, else read once per process
    when the survey is published."""
    def read() -> frozenset[int]:
        return frozenset(getattr(survey, relation).values_list("pk", flat=True))

    stamp = _stamp(survey)
    if relation in getattr(survey, "_prefetched_objects_cache", {}):
        return frozenset(o.pk for o in getattr(survey, relation).all())
    if stamp is None:
        return read()
    return _frozen((relation, *stamp), read)


def questions_of(survey: Survey) -> list[QSpec]:
    """The survey's questions as questions.py reads them: prefetched, else read once per process once nobody can
    change them any more (published and answered)."""
    stamp = _stamp(survey)
    if "questions" in getattr(survey, "_prefetched_objects_cache", {}) or stamp is None or \
            survey.response_count == 0:
        return survey.specs()
    return _frozen(("questions", *stamp), survey.specs)


def seat(actor: Actor, survey: Survey) -> Seat | None:
    """As whom the actor may answer this survey, or None when they are not in its audience."""
    if survey.school_id != actor.school.pk:
        return None
    if survey.activity is not None:
        from xinhuo.activities.selectors import participant_seats

        kind = participant_seats(survey.activity).get(actor.user.pk)
        if kind is None:
            return None
        student = _student_of(actor) if kind == Audience.STUDENT else None
        return Seat(kind, student.school_class.grade_id if student else None,
                    student.school_class_id if student else None)
    if survey.for_students and actor.has_role(Role.STUDENT):
        student = _student_of(actor)
        if student is not None:
            grades, classes = audience_ids(survey, "grades"), audience_ids(survey, "classes")
            if (not grades and not classes) or student.school_class_id in classes or \
                    student.school_class.grade_id in grades:
                return Seat(Audience.STUDENT, student.school_class.grade_id, student.school_class_id)
    if survey.for_parents and actor.has_role(Role.PARENT):
        children = _child_classes(actor)
        wanted = audience_ids(survey, "parent_classes")
        hits = [c for c in children if not wanted or c in wanted]
        if hits:
            first = min(hits)
            return Seat(Audience.PARENT, children[first], first)
    if survey.for_elders and actor.has_role(Role.ELDER):
        return Seat(Audience.ELDER)
    if survey.for_teachers and not actor.roles.isdisjoint(TEACHER_ROLES):
        return Seat(Audience.TEACHER)
    return None


def answered(actor: Actor, survey: Survey) -> bool:
    return Participation.objects.filter(survey=survey, user=actor.user, submitted=True).exists()


def open_surveys(actor: Actor) -> list[tuple[Survey, bool]]:
    """The open surveys the actor is in the audience of, each with whether they have answered it: "my surveys"
    (three queries plus one per survey of an activity)."""
    now = timezone.now()
    candidates = list(Survey.objects.filter(school=actor.school, status=SurveyStatus.PUBLISHED, opens_at__lte=now,
                                            closes_at__gt=now)
                      .prefetch_related("grades", "classes", "parent_classes").order_by("closes_at", "pk"))
    done = dict(Participation.objects.filter(user=actor.user, survey__in=candidates)
                .values_list("survey_id", "submitted"))
    return [(s, bool(done.get(s.pk))) for s in candidates if seat(actor, s) is not None]


def answerable(actor: Actor, pk, *, questions: bool = True) -> Survey:
    """A survey the actor may open to answer (its audience; published), else 404. With `questions`, its questions
    are prefetched (a page shows them); a submission passes False: services.response_save reads them through
    questions_of, from the process's cache once they are frozen (one query in all on the hot path)."""
    qs = Survey.objects.filter(school=actor.school, pk=pk).exclude(status=SurveyStatus.DRAFT)
    survey = (qs.prefetch_related("questions") if questions else qs).first()
    if survey is None or seat(actor, survey) is None:
        raise Http404
    return survey


def surveys_of_activity(activity: Activity) -> QuerySet[Survey]:
    return Survey.objects.filter(activity=activity).exclude(status=SurveyStatus.DRAFT).order_by("-version")
