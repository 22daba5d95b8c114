"""Reads of the follow-up cases, scoped per party: the counsellors see every case of the school; a head teacher
the cases of their classes' students; a parent their children's; nobody else any. `party_of` says as which
party the actor reads a case, which decides what the page shows (selectors never hand notes to a non-counsellor
page: the views choose the context by the party)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Membership, Role, User
from xinhuo.people import selectors as people_selectors

from ..models import Alert, Case, CaseMessage, CaseStatus, CaseTask, Party, Referral

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def cases(actor: Actor) -> QuerySet[Case]:
    qs = Case.objects.filter(school=actor.school).select_related("student__school_class__grade", "counsellor")
    if actor.has_role(Role.COUNSELLOR):
        return qs
    scope = Q(pk__in=[])
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        scope |= Q(student__school_class_id__in=actor.class_ids)
    if actor.has_role(Role.PARENT) and actor.child_ids:
        scope |= Q(student_id__in=actor.child_ids)
    return qs.filter(scope)


def has_cases(actor: Actor) -> bool:
    """Whether the follow-up cases are worth a menu entry (NavEntry.shown): the counsellors and head teachers work
    on them; a parent only once a case about their child is open or was. One query for a parent."""
    if actor.has_role(Role.COUNSELLOR, Role.HEAD_TEACHER):
        return True
    return cases(actor).exists()


def party_of(actor: Actor, case: Case) -> str | None:
    """As which party the actor reads the case: the counsellor, the head teacher, the family; None: not at all."""
    if case.school_id != actor.school.pk:
        return None
    if actor.has_role(Role.COUNSELLOR):
        return Party.COUNSELLOR
    if actor.has_role(Role.HEAD_TEACHER) and case.student.school_class_id in actor.class_ids:
        return Party.HEAD_TEACHER
    if actor.has_role(Role.PARENT) and case.student_id in actor.child_ids:
        return Party.FAMILY
    return None


def case_list(actor: Actor, *, status: str = "") -> QuerySet[Case]:
    qs = cases(actor)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(F("closed_at").desc(nulls_first=True), "-opened_at", "-pk")  # live cases first


def case_detail(actor: Actor, pk: int) -> tuple[Case, str]:
    case = cases(actor).filter(pk=pk).first()
    party = party_of(actor, case) if case is not None else None
    if case is None or party is None:
        raise Http404
    return case, party


def case_tasks(case: Case, party: str) -> list[CaseTask]:
    """The tasks the party sees: every task for the counsellor, its own for the head teacher and the family."""
    qs = case.tasks.select_related("done_by")
    if party != Party.COUNSELLOR:
        qs = qs.filter(party=party)
    return list(qs.order_by("done_at", "due_on", "pk"))


def case_messages(case: Case, party: str) -> list[CaseMessage]:
    """The messages between the school and the family: the counsellor's and the family's, not the head teacher's."""
    if party == Party.HEAD_TEACHER:
        return []
    return list(case.messages.select_related("author").order_by("at", "pk"))


def case_referrals(case: Case, party: str) -> list[Referral]:
    if party != Party.COUNSELLOR:
        return []
    return list(case.referrals.order_by("-referred_on", "-pk"))


def case_task(actor: Actor, case: Case, party: str, pk: int) -> CaseTask:
    task = CaseTask.objects.filter(case=case, pk=pk).first()
    if task is None or (party != Party.COUNSELLOR and task.party != party):
        raise Http404
    return task


def case_referral(case: Case, party: str, pk: int) -> Referral:
    referral = Referral.objects.filter(case=case, pk=pk).first()
    if referral is None or party != Party.COUNSELLOR:
        raise Http404
    return referral


def is_overdue(task: CaseTask, today: dt.date | None = None) -> bool:
    return task.done_at is None and task.due_on is not None and task.due_on < (today or timezone.localdate())


def head_teachers(student: Student) -> list[User]:
    """The head teachers of the student's class (active accounts)."""
    return [m.user for m in Membership.objects.filter(
        school=student.school_id, role=Role.HEAD_TEACHER, classes=student.school_class_id,
        user__is_active=True).select_related("user").order_by("user__full_name", "pk")]


def guardian_users(student: Student) -> list[User]:
    """The student's guardians who have an account."""
    return list(User.objects.filter(guardian__students=student, is_active=True).distinct().order_by("pk"))


def students_to_open(actor: Actor) -> QuerySet[Student]:
    """The students a counsellor may open a case for: the school's enrolled students."""
    return (people_selectors.enrolled_students_of_school(actor.school)
            .select_related("school_class__grade").order_by("school_class__grade__level", "school_class__number",
                                                              "student_no"))


def live_case_of(actor: Actor, student_id) -> Case | None:
    """The student's case that is not closed, if any (opening another is refused: the page links to it)."""
    if not isinstance(student_id, int):
        return None
    return cases(actor).filter(student_id=student_id).exclude(status=CaseStatus.CLOSED).first()


def alert_for(actor: Actor, pk) -> Alert | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Alert.objects.filter(school=actor.school, pk=pk).select_related("student").first()


# --- the counsellor's home page (issue 20) ------------------------------------------------------------------------

PANEL_CASES = 8


def case_panel(actor: Actor) -> dict | None:
    """The counsellor's live cases (oldest first: the longest open wait most), how many are in each state, and how
    many of the tasks they hold are overdue. The counsellors only (every case with its notes is theirs); None for
    anyone else. Three queries."""
    if not actor.can("cases.manage"):
        return None
    live = cases(actor).exclude(status=CaseStatus.CLOSED)
    by_state = dict(live.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    states = [(s.value, s.label, by_state.get(s.value, 0)) for s in CaseStatus if s != CaseStatus.CLOSED]
    overdue = CaseTask.objects.filter(case__in=live.values("pk"), done_at__isnull=True,
                                      due_on__lt=timezone.localdate()).count()
    return {"cases": list(live.order_by("opened_at", "pk")[:PANEL_CASES]), "states": states,
            "total": sum(by_state.values()), "overdue": overdue}
