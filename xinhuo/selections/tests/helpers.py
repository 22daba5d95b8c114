"""Records for the selections' tests and access matrix, made on demand (get_or_create by title): a selection in
each stage, with the world's students as nominees."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import make_user
from xinhuo.core.access import Actor, build_actor
from xinhuo.core.models import Role, Term
from xinhuo.selections.models import (
    NOMINEE_FIELD,
    Nomination,
    Objection,
    Review,
    Selection,
    SelectionKind,
    Stage,
)

CRITERIA = "热爱祖国，孝敬父母，诚实守信，乐于助人，勤俭节约。"
FIELD_OF = {"Student": "student", "Guardian": "guardian", "Elder": "elder", "SchoolClass": "school_class"}


def depthead(w) -> Actor:
    """A department head (德育处主任): the world has no such persona."""
    user = make_user("depthead", w.school, Role.DEPARTMENT_HEAD, department=w.department)
    a = build_actor(user)
    assert a is not None
    return a


def term(w) -> Term:
    return Term.objects.get(school_year=w.year)


def selection(w, title: str = "2026-2027学年第一学期“美德少年”评选", *, kind: str = SelectionKind.VIRTUE_YOUTH,
              voting: bool = True, stage: str = Stage.NOMINATING, quota: int = 2, publicity_ends=None,
              school=None) -> Selection:
    school = school or w.school
    sel, _ = Selection.objects.get_or_create(
        school=school, title=title,
        defaults={"kind": kind, "school_year": w.year, "term": term(w) if kind == SelectionKind.VIRTUE_YOUTH
                  and school == w.school else None, "criteria": CRITERIA, "quota": quota, "voting": voting,
                  "stage": stage, "publicity_ends": publicity_ends, "issuer": "薪火实验中学关工委",
                  "created_by": w.users["director"]})
    return sel


def nominate(w, sel: Selection, nominee, *, by: str = "director", review: str = Review.PENDING,
             proposed: bool = False, rank: int | None = None, awarded: bool = False,
             reason: str = "主动照顾生病同学，坚持一学期。") -> Nomination:
    field = FIELD_OF[type(nominee).__name__]
    assert NOMINEE_FIELD[SelectionKind(sel.kind)] == field
    group = str(nominee.school_class) if field == "student" else ""
    n, _ = Nomination.objects.get_or_create(
        selection=sel, **{field: nominee},
        defaults={"name": str(nominee) if field == "school_class" else nominee.name, "group": group, "reason": reason,
                  "nominated_by": w.users[by], "review": review, "proposed": proposed, "rank": rank,
                  "awarded_at": timezone.now() if awarded else None,
                  "certificate_no": f"PX2026-{sel.pk}-{rank or 1:02d}" if awarded else ""})
    return n


# one selection per stage, for the matrix and the page tests


def open_selection(w) -> Selection:
    """Nominating: 张小明 nominated by his head teacher, waiting for review."""
    sel = selection(w, "美德少年·推荐中")
    nominate(w, sel, w.student_x, by="head_teacher_a", reason="推荐理由：拾金不昧（尚未公开）")
    return sel


def pending_nomination(w) -> Nomination:
    return open_selection(w).nominations.get(student=w.student_x)


def voting_selection(w) -> Selection:
    """Voting: 张小明 and 王小刚 accepted."""
    sel = selection(w, "美德少年·投票中", stage=Stage.VOTING)
    nominate(w, sel, w.student_x, review=Review.ACCEPTED)
    nominate(w, sel, w.student_z, by="head_teacher_b", review=Review.ACCEPTED)
    return sel


def voting_candidate(w) -> Nomination:
    return voting_selection(w).nominations.get(student=w.student_x)


def publicity_selection(w) -> Selection:
    """Publicity until five days from now: 张小明 proposed, with an open objection from 张小明's parent."""
    sel = selection(w, "美德少年·公示中", stage=Stage.PUBLICITY,
                    publicity_ends=timezone.localdate() + dt.timedelta(days=5))
    n = nominate(w, sel, w.student_x, review=Review.ACCEPTED, proposed=True, rank=1)
    Objection.objects.get_or_create(nomination=n, raised_by=w.users["parent_x"], defaults={"text": "事迹需核实"})
    return sel


def proposed_nomination(w) -> Nomination:
    return publicity_selection(w).nominations.get(student=w.student_x)


def open_objection(w) -> Objection:
    return Objection.objects.get(nomination=proposed_nomination(w))


def awarded_selection(w) -> Selection:
    sel = selection(w, "美德少年·已表彰", stage=Stage.AWARDED,
                    publicity_ends=timezone.localdate() - dt.timedelta(days=3))
    Selection.objects.filter(pk=sel.pk).update(awarded_on=timezone.localdate())
    sel.refresh_from_db()
    nominate(w, sel, w.student_x, review=Review.ACCEPTED, proposed=True, rank=1, awarded=True)
    return sel


def winner(w) -> Nomination:
    return awarded_selection(w).nominations.get(student=w.student_x)
