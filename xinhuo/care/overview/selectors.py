"""Reads of the committee's overview: its figures and the students behind each, within the actor's scope, and
the care figures on the home page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people import selectors as people_selectors

from ..common import my_mentor_ids, student_scope
from ..groups.selectors import special_groups, tags_due_for_review, tags_in_effect
from ..mentoring.selectors import overdue_pair_ids, with_last_contact
from ..models import FollowUpStatus, MentoringPair, StudentTag
from ..visits.selectors import follow_ups

OVERVIEW_FIGURES = ("tagged", "unpaired", "contact_overdue", "visit_overdue", "never_visited", "review_due")


def _tagged_in_scope(actor: Actor, on: dt.date) -> QuerySet[StudentTag]:
    """Open tags in effect of enrolled students whose care the actor follows (rules.view_tag ∩ care_for_student)."""
    return (tags_in_effect(actor, on).filter(people_selectors.enrolled_filter("student__"))
            .filter(student_scope(actor, "special_groups.all")))


def care_overview(actor: Actor, on: dt.date | None = None) -> dict:
    """The figures of the committee's overview, within the actor's scope; a fixed number of queries whatever
    the number of students (counts are grouped in the database, the visit plan is one scoped read)."""
    from django.db.models import Count, Exists, OuterRef

    from ..visits.plan import DUE, OVERDUE, plan_rows

    actor.require("care.overview")
    on = on or timezone.localdate()
    groups = list(special_groups(actor))
    tagged = _tagged_in_scope(actor, on)
    by_group = dict(tagged.order_by().values_list("group_id").annotate(n=Count("student_id", distinct=True)))
    by_class: dict[int, dict] = {}
    for class_id, class_name, grade_name, level, number, group_id, n in (
            tagged.order_by().values_list("student__school_class_id", "student__school_class__name",
                                          "student__school_class__grade__name", "student__school_class__grade__level",
                                          "student__school_class__number", "group_id")
            .annotate(n=Count("student_id", distinct=True))):
        row = by_class.setdefault(class_id, {"id": class_id, "name": f"{grade_name or ''}{class_name or ''}",
                                             "order": (level or 0, number or 0), "counts": {}, "students": 0})
        row["counts"][group_id] = n
    for class_id, n in (tagged.order_by().values_list("student__school_class_id")
                        .annotate(n=Count("student_id", distinct=True))):
        by_class[class_id]["students"] = n
    classes = sorted(by_class.values(), key=lambda r: r["order"])  # 初一, 初二, 初三: by grade, not by characters
    for row in classes:
        row["cells"] = [(g, row["counts"].get(g.pk, 0)) for g in groups]
    active_pair = MentoringPair.objects.filter(student_id=OuterRef("pk"), ended_on__isnull=True)
    tagged_students = (people_selectors.students_of_school(actor.school).filter(pk__in=tagged.values("student_id"))
                       .annotate(paired=Exists(active_pair)).values_list("paired", flat=True))
    paired = list(tagged_students)
    pairs_in_scope = MentoringPair.objects.filter(school=actor.school).filter(student_scope(actor))
    # of the overdue rows, how many were never visited: a part of the overdue figure (plan.py's one definition)
    plan = plan_rows(actor, status=OVERDUE).counts()
    open_items = follow_ups(actor).filter(status=FollowUpStatus.OPEN)
    follow_counts = open_items.order_by().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=on)))
    return {
        "on": on,
        "groups": [(g, by_group.get(g.pk, 0)) for g in groups],
        "classes": classes,
        "tagged": len(paired),
        "paired": sum(1 for p in paired if p),
        "unpaired": sum(1 for p in paired if not p),
        "contact_overdue": len(overdue_pair_ids(pairs_in_scope, on)),
        "visit_overdue": plan[OVERDUE],
        "visit_due_soon": plan[DUE],
        "never_visited": plan["never_visited"],
        "follow_ups_open": follow_counts["open"],
        "follow_ups_overdue": follow_counts["overdue"],
        "review_due": tags_due_for_review(actor, on=on).filter(student_scope(actor, "special_groups.all")).count(),
    }


def overview_students(actor: Actor, figure: str, *, group_id: int | None = None, class_id: int | None = None,
                      on: dt.date | None = None) -> list[dict] | _PlanStudents:
    """The students behind one figure of the overview, within the actor's scope: rows of
    {student, detail} (detail: the groups, the mentor and last contact, the last visit ...)."""
    from django.db.models import Exists, OuterRef

    from ..visits.plan import OVERDUE, plan_rows

    actor.require("care.overview")
    on = on or timezone.localdate()
    if figure not in OVERVIEW_FIGURES:
        raise ValueError(figure)
    if figure in ("tagged", "unpaired"):
        tagged = _tagged_in_scope(actor, on)
        if group_id:
            tagged = tagged.filter(group_id=group_id)
        if class_id:
            tagged = tagged.filter(student__school_class_id=class_id)
        names: dict[int, list[str]] = {}
        for sid, name in tagged.order_by("group__order", "group_id").values_list("student_id", "group__name"):
            names.setdefault(sid, []).append(name)
        students = (people_selectors.students_of_school(actor.school).filter(pk__in=names)
                    .select_related("school_class__grade")
                    .annotate(paired=Exists(MentoringPair.objects.filter(student_id=OuterRef("pk"),
                                                                         ended_on__isnull=True)))
                    .order_by("school_class__grade__level", "school_class__number", "student_no"))
        if figure == "unpaired":
            students = students.filter(paired=False)
        return [{"student": s, "groups": names[s.pk], "paired": s.paired} for s in students]
    if figure == "review_due":
        due = (tags_due_for_review(actor, on=on).filter(student_scope(actor, "special_groups.all"))
               .order_by("review_on", "pk"))
        return [{"student": t.student, "tag": t, "expired": t.review_on < on} for t in due]
    if figure == "contact_overdue":
        qs = MentoringPair.objects.filter(school=actor.school).filter(student_scope(actor))
        ids = overdue_pair_ids(qs, on)
        rows = (with_last_contact(MentoringPair.objects.filter(pk__in=ids))
                .select_related("mentor", "student__school_class__grade").order_by("started_on", "pk"))
        return [{"student": p.student, "pair": p, "last_contact": p.last_contact}  # type: ignore[attr-defined]
                for p in rows]
    if figure == "visit_overdue":
        return _PlanStudents(plan_rows(actor, class_id=class_id, status=OVERDUE))
    return _PlanStudents(plan_rows(actor, class_id=class_id, status=OVERDUE, never_visited=True))


class _PlanStudents:
    """The rows of today's plan behind a figure as {student, plan}, paged in the database like the plan."""

    def __init__(self, rows) -> None:
        self.rows = rows

    @staticmethod
    def _one(r) -> dict:
        from types import SimpleNamespace

        return {"student": SimpleNamespace(pk=r.student_id, name=r.student_name, school_class=r.class_name),
                "plan": r}

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, k):
        got = self.rows[k]
        return [self._one(r) for r in got] if isinstance(k, slice) else self._one(got)

    def __iter__(self):
        return (self._one(r) for r in self.rows)


def dashboard_figures(actor: Actor, on: dt.date | None = None) -> dict:
    """The care figures on the actor's home page, each only for whom it concerns: a head teacher's overdue home
    visits (their classes), a mentor's open pairs and those overdue for contact (the growth panel:
    growth.selectors.growth_panel)."""
    from ..visits.plan import OVERDUE, plan_rows

    on = on or timezone.localdate()
    out: dict = {}
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids and not actor.can("care.school_wide"):
        out["visits_overdue"] = plan_rows(actor).counts()[OVERDUE]
    mentor_ids = my_mentor_ids(actor) if actor.can("mentoring.view") else frozenset()
    if mentor_ids:
        open_pairs = MentoringPair.objects.filter(school=actor.school, mentor_id__in=mentor_ids,
                                                  ended_on__isnull=True)
        out["mentees"] = open_pairs.count()
        out["mentees_overdue"] = len(overdue_pair_ids(open_pairs, on))
    return out
