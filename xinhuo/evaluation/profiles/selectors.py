"""Reads of the profiles part (STU-4): the special-group population of the actor's school by kind, grade, class
and month; the needs and support received; outcomes; the screening bands (counsellors); one student's profile.

Everything is read through care's, people's and wellbeing's selectors, scoped to the actor; every aggregate goes
through suppression.py (groups under 5 hidden, complementary suppression where a total would give one away).
The population is a fixed number of queries whatever the number of students."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinhuo.care.common import students_in_care
from xinhuo.care.groups import selectors as groups
from xinhuo.care.growth import selectors as growth
from xinhuo.care.mentoring import selectors as mentoring
from xinhuo.care.models import TagStatus
from xinhuo.care.rules import can as care_can
from xinhuo.care.visits import selectors as visits
from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.selectors import school_year_bounds
from xinhuo.people import selectors as people_selectors
from xinhuo.wellbeing import selectors as wellbeing_selectors
from xinhuo.wellbeing.scales import Risk

from . import rules
from .suppression import Cell, Table, small, suppress_linked, suppress_table, suppress_value


@dataclass
class Population:
    """The aggregates of the population page, its API and its workbook; every count already suppressed."""

    on: dt.date
    year: tuple[dt.date, dt.date]
    groups: list[dict]  # {id, name}
    grades: list[dict]  # {id, name}
    classes: list[dict]  # {id, name}
    by_grade: Table  # groups × grades
    by_class: Table  # classes × groups
    needs: list[dict]  # per group: students, supported, mentored, visited
    outcomes: list[dict]  # per group: students with an entry, entries, activities, study sessions
    months: list[str]  # "2026-09" ...
    trend: list[dict]  # per group: {name, values: [Cell]}
    screening: Table | None = None  # groups × risk levels, counsellors only
    risks: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        def table(t: Table | None) -> dict | None:
            if t is None:
                return None
            return {"cells": t.cells, "row_totals": t.row_totals, "col_totals": t.col_totals, "total": t.total}

        return {
            "on": self.on.isoformat(), "year": [d.isoformat() for d in self.year], "groups": self.groups,
            "grades": self.grades, "classes": self.classes, "by_grade": table(self.by_grade),
            "by_class": table(self.by_class), "needs": self.needs, "outcomes": self.outcomes,
            "months": self.months, "trend": self.trend, "screening": table(self.screening), "risks": self.risks,
        }


def _tags_in_effect(actor: Actor, on: dt.date):
    """Open tags in effect on `on` of enrolled students, whose group the actor may read (care's detail_filter:
    a tag from screening only for the counsellors)."""
    return (groups.tags_in_effect(actor, on).filter(groups.detail_filter(actor))
            .filter(people_selectors.enrolled_filter("student__")))


def _month_ends(start: dt.date, on: dt.date) -> list[tuple[str, dt.date]]:
    """(label, last day counted) of each month from the year's start to `on`, the current month counted to `on`."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (on.year, on.month):
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append((f"{y}-{m:02d}", min(nxt - dt.timedelta(days=1), on)))
        y, m = nxt.year, nxt.month
    return out


def _trend(actor: Actor, group_ids: list[int], start: dt.date, on: dt.date) -> tuple[list[str], dict[int, list[int]]]:
    """Students of each group per month of the school year: a tag counts from its identification until it was
    closed (its history's closing step), for students enrolled now. One query."""
    ends = _month_ends(start, on)
    rows = (groups.tags(actor).filter(groups.detail_filter(actor)).filter(people_selectors.enrolled_filter("student__"))
            .annotate(closed_at=Max("history__at", filter=Q(history__to_status=TagStatus.CLOSED)))
            .order_by().values_list("student_id", "group_id", "identified_on", "status", "closed_at"))
    members: dict[int, list[set[int]]] = {g: [set() for _e in ends] for g in group_ids}
    for sid, gid, identified, status, closed_at in rows:
        if gid not in members:
            continue
        closed = timezone.localdate(closed_at) if closed_at else None
        if status == TagStatus.CLOSED and closed is None:
            closed = identified  # closed without a kept step: never counted
        for i, (_label, end) in enumerate(ends):
            if identified <= end and (closed is None or closed > end):
                members[gid][i].add(sid)
    return [label for label, _e in ends], {g: [len(s) for s in sets] for g, sets in members.items()}


def _part(k: int, n: int) -> Cell:
    """Students of a group of n (shown) with something: hidden from 1 to 4, and where those without it are 1 to 4
    (the group's size minus this count would show them)."""
    return None if small(k) or small(n - k) else k


def population(actor: Actor, on: dt.date | None = None) -> Population:
    """The special-group population of the actor's school on `on` (today) and over the school year."""
    if not rules.view_population(actor):
        raise Http404
    on = on or timezone.localdate()
    start, end = school_year_bounds(actor.school, on)
    group_list: list[dict[str, Any]] = [{"id": g.pk, "name": g.name} for g in groups.special_groups(actor)]
    gindex = {g["id"]: i for i, g in enumerate(group_list)}
    memberships: set[tuple[int, int]] = set()  # (student, group)
    grade_of: dict[int, int] = {}
    class_of: dict[int, int] = {}
    grade_info: dict[int, tuple] = {}
    class_info: dict[int, tuple] = {}
    class_grade: dict[int, int] = {}
    for sid, gid, grade_id, grade_name, level, class_id, class_name, number in (
            _tags_in_effect(actor, on).order_by().values_list(
                "student_id", "group_id", "student__school_class__grade_id", "student__school_class__grade__name",
                "student__school_class__grade__level", "student__school_class_id", "student__school_class__name",
                "student__school_class__number").distinct()):
        if gid not in gindex:  # an inactive group
            continue
        memberships.add((sid, gid))
        grade_of[sid], class_of[sid] = grade_id or 0, class_id or 0
        grade_info[grade_id or 0] = (level or 0, grade_name or _("No grade"))
        class_info[class_id or 0] = ((level or 0, number or 0), f"{grade_name or ''}{class_name or ''}")
        class_grade[class_id or 0] = grade_id or 0
    grade_ids = sorted(grade_info, key=lambda g: grade_info[g][0])
    class_ids = sorted(class_info, key=lambda c: class_info[c][0])
    gr = {g: i for i, g in enumerate(grade_ids)}
    cl = {c: i for i, c in enumerate(class_ids)}
    by_grade = [[0] * len(grade_ids) for _g in group_list]
    by_class = [[0] * len(group_list) for _c in class_ids]
    students_of: dict[int, set[int]] = {g["id"]: set() for g in group_list}
    for sid, gid in memberships:
        by_grade[gindex[gid]][gr[grade_of[sid]]] += 1
        by_class[cl[class_of[sid]]][gindex[gid]] += 1
        students_of[gid].add(sid)
    if group_list:  # one system: a group's count in a grade is its counts in the grade's classes
        grade_table, class_table = suppress_linked(by_grade, by_class, [gr[class_grade[c]] for c in class_ids])
    else:
        grade_table, class_table = Table([], [], [], 0), Table([], [], [], 0)
    # a group's size shows the same everywhere: as the groups × grades table shows it (or hides it)
    sizes: list[Cell] = grade_table.row_totals if group_list else []

    everyone = {sid for sid, _g in memberships}
    supported = set(groups.support_measures(actor).filter(student_id__in=everyone, given_on__range=(start, on))
                    .order_by().values_list("student_id", flat=True).distinct())
    mentored = set(mentoring.pairs(actor).filter(student_id__in=everyone, ended_on__isnull=True)
                   .order_by().values_list("student_id", flat=True).distinct())
    visited = set(visits.home_visits(actor).filter(student_id__in=everyone, visited_on__range=(start, on))
                  .order_by().values_list("student_id", flat=True).distinct())
    outcome = growth.outcome_counts(actor, everyone, start, on)
    needs, outcomes = [], []
    for i, g in enumerate(group_list):
        ids = students_of[g["id"]]
        hidden = sizes[i] is None
        needs.append({"group": g["id"], "name": g["name"], "students": sizes[i],
                      **{k: None if hidden else _part(len(ids & s), len(ids))
                         for k, s in (("supported", supported), ("mentored", mentored), ("visited", visited))}})
        rows = [outcome[s] for s in ids if s in outcome]
        outcomes.append({"group": g["id"], "name": g["name"], "students": sizes[i],
                         "with_entries": None if hidden else _part(sum(1 for r in rows if r["entries"]), len(ids)),
                         **{k: None if hidden else suppress_value(sum(r[k] for r in rows))
                            for k in ("entries", "activities", "sessions")}})
    months, counts = _trend(actor, [g["id"] for g in group_list], start, on)
    trend = []
    for i, g in enumerate(group_list):
        values: list[Cell] = [suppress_value(n) for n in counts[g["id"]]]
        if values:
            values[-1] = sizes[i]  # this month's point is the group's size today, suppressed as the tables do
        trend.append({"group": g["id"], "name": g["name"], "values": values})
    result = Population(on=on, year=(start, end), groups=group_list,
                        grades=[{"id": g, "name": grade_info[g][1]} for g in grade_ids],
                        classes=[{"id": c, "name": class_info[c][1]} for c in class_ids],
                        by_grade=grade_table, by_class=class_table, needs=needs, outcomes=outcomes,
                        months=months, trend=trend)
    if rules.view_screening(actor):
        start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        levels = wellbeing_selectors.latest_risk_levels(actor.school.pk, everyone, since=start_at)
        risks: list[Risk] = list(Risk)
        table = [[len([s for s in students_of[g["id"]] if levels.get(s) == int(r)]) for r in risks]
                 for g in group_list]
        result.screening = suppress_table(table) if group_list else None
        result.risks = [str(r.label) for r in risks]
    return result


def charts(p: Population) -> dict:
    """The page's charts: the groups now (hbar), by grade (stacked), over the school year (line). A group with a
    hidden figure is left out of a chart (drawn as 0 it would say "none"); the tables show it as "<5"."""
    unit = pgettext("unit", "students")
    now = [(g["name"], n) for g, n in zip(p.groups, p.by_grade.row_totals, strict=True) if n is not None]
    by_grade = [(g["name"], [c or 0 for c in cells]) for g, cells in zip(p.groups, p.by_grade.cells, strict=True)
                if all(c is not None for c in cells) and any(cells)]
    trend = [(t["name"], [v or 0 for v in t["values"]]) for t in p.trend if all(v is not None for v in t["values"])]
    return {
        "groups": chart("profiles-groups", "hbar", [n for n, _v in now], [v for _n, v in now], unit=unit,
                        title=_("Students in each special group"),
                        summary=_("Students in special groups now, by group; a group with a count under 5, or one "
                                  "that would give such a count away, is in the tables only.")),
        "grades": chart("profiles-grades", "stacked", [g["name"] for g in p.grades], by_grade, unit=unit,
                        title=_("Special groups by grade"),
                        summary=_("Students in special groups now, by grade and group; a group with a count under "
                                  "5, or one that would give such a count away, is in the tables only.")),
        "trend": chart("profiles-trend", "line", p.months, trend, unit=unit,
                       title=_("Special groups over the school year"),
                       summary=_("Students in each special group at the end of each month of the school year; a "
                                 "group with a count under 5, or one that would give such a count away, is in the "
                                 "tables only.")),
    }


# --- one student's profile -------------------------------------------------------------------------------------


def profile_student(actor: Actor, pk: int):
    """The student, when the actor may read their profile (care's care_for_student); else 404."""
    if not actor.can("evaluation.profiles.student"):
        raise Http404
    student = students_in_care(actor).filter(pk=pk).first()
    if student is None or not rules.view_profile(actor, student):
        raise Http404
    return student


def student_profile(actor: Actor, student) -> dict:
    """Everything care lets the actor see of one student, on one page: tags (a tag from screening as a flag for
    those who may not read it), support measures, mentoring pairs, home visits (never their notes) and the
    growth record (entries, programmes; the screening summary for counsellors)."""
    shown = groups.detail_filter(actor)
    tags = list(groups.tags(actor).filter(student=student).order_by("-identified_on", "-pk"))
    readable = {t.pk for t in groups.tags_in_detail(actor).filter(student=student)} if shown else {t.pk for t in tags}
    record = growth.growth_record(actor, student) if care_can(actor, "view_growth", student) else None
    return {
        "tags": [t for t in tags if t.pk in readable],
        "flagged": any(t.pk not in readable for t in tags),
        "support": list(groups.support_for_student(actor, student)[:20]),
        "pairs": list(mentoring.with_last_contact(mentoring.pairs(actor).filter(student=student))
                      .order_by("-started_on", "-pk")),
        "visits": list(visits.home_visit_list(actor, student_id=student.pk)[:20]),
        "record": record,
    }


def student_panel(actor: Actor, student) -> dict | None:
    """The link to the profile on the student's page (people), for those who may read it."""
    if not (actor.can("evaluation.profiles.student") and rules.view_profile(actor, student)):
        return None
    return {"url": reverse("evaluation:profile-student", args=[student.pk])}
