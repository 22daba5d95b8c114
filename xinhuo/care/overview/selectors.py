"""Reads of the committee's overview: its figures and the students behind each, within the actor's scope, and
the care panels of the home page (the committee's students needing attention, a head teacher's classes) and the
special-group chart of the tags list — all from the same counts, so no two pages disagree."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.models import Role, SchoolClass
from xinhuo.people import selectors as people_selectors

from ..common import my_mentor_ids, student_scope
from ..groups.selectors import detail_filter, special_groups, tags_due_for_review, tags_in_effect
from ..mentoring.selectors import overdue_pair_ids, with_last_contact
from ..models import FollowUpStatus, MentoringPair, StudentTag
from ..visits.selectors import follow_ups

OVERVIEW_FIGURES = ("tagged", "unpaired", "contact_overdue", "visit_overdue", "never_visited", "review_due")
WITHHELD = 0  # the bucket of the tags whose group the actor may not read (from screening): "needs attention"


def _tagged_in_scope(actor: Actor, on: dt.date) -> QuerySet[StudentTag]:
    """Open tags in effect of enrolled students whose care the actor follows (rules.view_tag ∩ care_for_student)."""
    return (tags_in_effect(actor, on).filter(people_selectors.enrolled_filter("student__"))
            .filter(student_scope(actor, "special_groups.all")))


def _withheld_column() -> SimpleNamespace:
    """The column of students whose tag's group is not the actor's to read (a tag from screening, PSY-5)."""
    return SimpleNamespace(pk=None, code="attention", name=_("Needs attention"), withheld=True)


def group_matrix(actor: Actor, on: dt.date | None = None) -> dict:
    """Students in special groups on `on` within the actor's scope: per group (`groups`: [(group, n)]), per class
    and group (`classes`: rows of id, name, students, cells [(group, n)], in grade order) and in all (`tagged`).
    A student counts once per group and once per class. A tag whose group the actor may not read (from screening:
    groups.selectors.detail_filter) counts under a last column "needs attention", never under its group.
    The overview, the home page's chart and the special-group list's chart read this one count: three queries
    and the groups'."""
    on = on or timezone.localdate()
    groups: list = list(special_groups(actor))
    shown = detail_filter(actor)
    tagged = _tagged_in_scope(actor, on)
    if shown:  # not Q(): some tags are withheld from this actor
        tagged = tagged.annotate(bucket=Case(When(shown, then=F("group_id")), default=Value(WITHHELD),
                                             output_field=IntegerField()))
    else:
        tagged = tagged.annotate(bucket=F("group_id"))
    by_group = dict(tagged.order_by().values_list("bucket").annotate(n=Count("student_id", distinct=True)))
    if by_group.get(WITHHELD):
        groups.append(_withheld_column())
    by_class: dict[int, dict] = {}
    for class_id, class_name, grade_name, level, number, bucket, n in (
            tagged.order_by().values_list("student__school_class_id", "student__school_class__name",
                                          "student__school_class__grade__name", "student__school_class__grade__level",
                                          "student__school_class__number", "bucket")
            .annotate(n=Count("student_id", distinct=True))):
        row = by_class.setdefault(class_id, {"id": class_id, "name": f"{grade_name or ''}{class_name or ''}",
                                             "order": (level or 0, number or 0), "counts": {}, "students": 0})
        row["counts"][bucket] = n
    for class_id, n in (tagged.order_by().values_list("student__school_class_id")
                        .annotate(n=Count("student_id", distinct=True))):
        by_class[class_id]["students"] = n
    classes = sorted(by_class.values(), key=lambda r: r["order"])  # 初一, 初二, 初三: by grade, not by characters
    for row in classes:
        row["cells"] = [(g, row["counts"].get(g.pk or WITHHELD, 0)) for g in groups]
    return {
        "on": on, "groups": [(g, by_group.get(g.pk or WITHHELD, 0)) for g in groups], "classes": classes,
        "tagged": sum(row["students"] for row in classes),  # a student is in one class
    }


def _review_due(actor: Actor, on: dt.date) -> QuerySet[StudentTag]:
    """Tags to review within 30 days or expired, of the actor's scope, whose review the actor may read."""
    return tags_due_for_review(actor, on=on).filter(student_scope(actor, "special_groups.all"), detail_filter(actor))


def _pairs_in_scope(actor: Actor) -> QuerySet[MentoringPair]:
    return MentoringPair.objects.filter(school=actor.school).filter(student_scope(actor))


def care_overview(actor: Actor, on: dt.date | None = None) -> dict:
    """The figures of the committee's overview, within the actor's scope; a fixed number of queries whatever
    the number of students (counts are grouped in the database, the visit plan is one scoped read)."""
    from django.db.models import Count, Exists, OuterRef

    from ..visits.plan import DUE, OVERDUE, plan_rows

    actor.require("care.overview")
    on = on or timezone.localdate()
    matrix = group_matrix(actor, on)
    tagged = _tagged_in_scope(actor, on)
    active_pair = MentoringPair.objects.filter(student_id=OuterRef("pk"), ended_on__isnull=True)
    tagged_students = (people_selectors.students_of_school(actor.school).filter(pk__in=tagged.values("student_id"))
                       .annotate(paired=Exists(active_pair)).values_list("paired", flat=True))
    paired = list(tagged_students)
    # of the overdue rows, how many were never visited: a part of the overdue figure (plan.py's one definition)
    plan = plan_rows(actor, status=OVERDUE).counts()
    open_items = follow_ups(actor).filter(status=FollowUpStatus.OPEN)
    follow_counts = open_items.order_by().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=on)))
    return {
        "on": on,
        "groups": matrix["groups"],
        "classes": matrix["classes"],
        "tagged": len(paired),
        "paired": sum(1 for p in paired if p),
        "unpaired": sum(1 for p in paired if not p),
        "contact_overdue": len(overdue_pair_ids(_pairs_in_scope(actor), on)),
        "visit_overdue": plan[OVERDUE],
        "visit_due_soon": plan[DUE],
        "never_visited": plan["never_visited"],
        "follow_ups_open": follow_counts["open"],
        "follow_ups_overdue": follow_counts["overdue"],
        "review_due": _review_due(actor, on).count(),
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
        shown = detail_filter(actor)
        if group_id:  # a tag whose group is withheld matches no group (group_matrix counts it apart)
            tagged = tagged.filter(shown, group_id=group_id)
        if class_id:
            tagged = tagged.filter(student__school_class_id=class_id)
        withheld = set(tagged.exclude(shown).values_list("pk", flat=True)) if shown else set()
        names: dict[int, list[str]] = {}
        for pk, sid, name in tagged.order_by("group__order", "group_id").values_list("pk", "student_id",
                                                                                       "group__name"):
            name = str(_withheld_column().name) if pk in withheld else name
            if name not in names.setdefault(sid, []):
                names[sid].append(name)
        students = (people_selectors.students_of_school(actor.school).filter(pk__in=names)
                    .select_related("school_class__grade")
                    .annotate(paired=Exists(MentoringPair.objects.filter(student_id=OuterRef("pk"),
                                                                         ended_on__isnull=True)))
                    .order_by("school_class__grade__level", "school_class__number", "student_no"))
        if figure == "unpaired":
            students = students.filter(paired=False)
        return [{"student": s, "groups": names[s.pk], "paired": s.paired} for s in students]
    if figure == "review_due":
        due = (_review_due(actor, on).select_related("student__school_class__grade", "group")
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
    visits (their classes), a mentor's open pairs and those overdue for contact (a family's growth record is on its
    child's card: family.home)."""
    from ..visits.plan import OVERDUE, plan_rows

    on = on or timezone.localdate()
    out: dict = {}
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids and not actor.can("care.school_wide"):
        out["visits_overdue"] = plan_rows(actor).counts()[OVERDUE]
    # an elder's mentees are on their "My pairs" panel and page (elders) with their other pairs: not counted twice
    mentor_ids = my_mentor_ids(actor) if actor.can("mentoring.view") and actor.elder_id is None else frozenset()
    if mentor_ids:
        open_pairs = MentoringPair.objects.filter(school=actor.school, mentor_id__in=mentor_ids,
                                                  ended_on__isnull=True)
        out["mentees"] = open_pairs.count()
        out["mentees_overdue"] = len(overdue_pair_ids(open_pairs, on))
    return out


# --- the home page's panels ---------------------------------------------------------------------------------------


def attention_panel(actor: Actor, on: dt.date | None = None) -> dict | None:
    """The committee's and the counsellors' "students needing attention" (care.school_wide): the students in each
    special group as a chart, the home visits overdue (of them never visited) and the pairs overdue for contact —
    the overview's own figures (one definition of overdue: visits.plan, mentoring.selectors.overdue_pair_ids), each
    a link to the list behind it. None for everyone else (a head teacher has their class panel)."""
    from ..visits.plan import OVERDUE, plan_rows

    if not (actor.can("care.overview") and actor.can("care.school_wide")):
        return None
    on = on or timezone.localdate()
    matrix = group_matrix(actor, on)
    plan = plan_rows(actor, status=OVERDUE).counts()
    contact_overdue = len(overdue_pair_ids(_pairs_in_scope(actor), on))
    groups = matrix["groups"]
    spec = chart(
        "care-attention", "hbar", [g.name for g, _n in groups], [n for _g, n in groups],
        title=_("Students in each special group"), unit=pgettext("unit", "students"),
        summary=_("%(tagged)d students in special groups; %(visits)d home visits overdue (%(never)d never "
                  "visited); %(contacts)d mentoring pairs with no contact for too long.") % {
            "tagged": matrix["tagged"], "visits": plan[OVERDUE], "never": plan["never_visited"],
            "contacts": contact_overdue})
    return {"chart": spec, "tagged": matrix["tagged"], "visit_overdue": plan[OVERDUE],
            "never_visited": plan["never_visited"], "contact_overdue": contact_overdue}


def _due_items(plan, pair: tuple | None, tags: list[tuple], on: dt.date) -> list[dict]:
    """What is due for one student needing attention, most urgent first: {kind, level, days or date}."""
    from ..mentoring.selectors import pair_due_on, pair_overdue_days
    from ..visits.plan import DUE, OVERDUE

    items: list[dict] = []
    if plan is not None and plan.status == OVERDUE:
        items.append({"kind": "visit_never" if plan.never_visited else "visit_overdue", "level": "danger",
                      "days": plan.days_overdue})
    elif plan is not None and plan.status == DUE:
        items.append({"kind": "visit_due", "level": "warning", "date": plan.next_due})
    if pair is None:
        items.append({"kind": "no_mentor", "level": "secondary"})
    else:
        started, last, every = pair
        days = pair_overdue_days(started, last, every, on)
        if days:
            items.append({"kind": "contact_overdue", "level": "danger", "days": days})
        elif pair_due_on(started, last, every) <= on + dt.timedelta(days=7):
            items.append({"kind": "contact_due", "level": "warning", "date": pair_due_on(started, last, every)})
    soon = on + dt.timedelta(days=30)
    reviews = [review for review, shown in tags if shown and review <= soon]
    if reviews:
        items.append({"kind": "review_due", "level": "warning", "date": min(reviews)})
    return items


def class_panel(actor: Actor, on: dt.date | None = None, *, attention_limit: int = 20) -> dict | None:
    """A head teacher's classes on their home page, each class only theirs (actor.class_ids, whatever other role
    they hold): first a summary per class (students; students in special groups; home visits overdue and due
    soon; open follow-up items; consents missing per purpose with a notice, from the consent register; the next
    activity inviting the class), then the students in special groups with what is due for each (a home visit, a
    mentor's contact, the tag's review), the next activities of the classes, and a chart of the classes' home
    visits. None for anyone who is not the head teacher of a class. A fixed number of queries, whatever the number
    of students or classes."""
    from xinhuo.activities import selectors as activity_selectors

    from ..visits.plan import DUE, FINE, OVERDUE, plan_rows

    if not (actor.has_role(Role.HEAD_TEACHER) and actor.class_ids and actor.can("care.overview")):
        return None
    on = on or timezone.localdate()
    ids = sorted(actor.class_ids)
    classes = list(SchoolClass.objects.filter(school=actor.school, pk__in=ids, graduated_in__isnull=True)
                   .select_related("grade").order_by("grade__level", "number"))
    ids = [c.pk for c in classes]
    if not ids:
        return None
    students = dict(people_selectors.enrolled_students_of_school(actor.school).filter(school_class_id__in=ids)
                    .order_by().values_list("school_class_id").annotate(n=Count("pk")))
    # the special-group students of these classes: their tags in effect, a withheld group shown as a flag
    shown = detail_filter(actor)
    tags: dict[int, list[tuple]] = {}
    for sid, name, review_on, visible in (
            _tagged_in_scope(actor, on).filter(student__school_class_id__in=ids)
            .annotate(visible=Case(When(shown, then=Value(1)), default=Value(0), output_field=IntegerField())
                      if shown else Value(1, output_field=IntegerField()))
            .order_by("group__order", "group_id").values_list("student_id", "group__name", "review_on", "visible")):
        tags.setdefault(sid, []).append((name if visible else "", review_on, bool(visible)))
    plans = plan_rows(actor, class_ids=ids)
    visits = plans.counts_by_class()
    plan_of = {r.student_id: r for r in plan_rows(actor, student_ids=list(tags))} if tags else {}
    open_pairs = with_last_contact(_pairs_in_scope(actor).filter(student_id__in=list(tags), ended_on__isnull=True))
    pairs = {sid: (started, last, every) for sid, started, last, every in (
        open_pairs.order_by("started_on", "pk")
        .values_list("student_id", "started_on", "last_contact", "contact_every_days"))  # type: ignore[misc]
    } if tags else {}
    follow = {row["cls"]: row["n"] for row in (
        follow_ups(actor).filter(status=FollowUpStatus.OPEN)
        .annotate(cls=Coalesce("home_visit__student__school_class_id", "student__school_class_id"))
        .filter(cls__in=ids).order_by().values("cls").annotate(n=Count("pk")))}
    consents = (people_selectors.consents_missing_by_class(actor, ids) if actor.can("consent.view") else {})
    upcoming = (activity_selectors.upcoming_for_classes(actor, ids, limit=20)
                if actor.can("activities.view") else [])
    withheld_label = str(_withheld_column().name)
    attention = []
    for sid, student_tags in tags.items():
        plan = plan_of.get(sid)
        if plan is None:  # not in the plan: not enrolled any more, or not in the actor's care
            continue
        names: list[str] = []
        for name, _review, _visible in student_tags:
            label = name or withheld_label
            if label not in names:
                names.append(label)
        due = _due_items(plan, pairs.get(sid), [(review, visible) for _n, review, visible in student_tags], on)
        attention.append({"student_id": sid, "name": plan.student_name, "class_id": plan.class_id,
                          "class_name": plan.class_name, "groups": names, "due": due,
                          "urgent": any(i["level"] == "danger" for i in due)})
    order = {c.pk: i for i, c in enumerate(classes)}
    attention.sort(key=lambda r: (order.get(r["class_id"], 0), not r["urgent"], not r["due"], r["name"]))
    tagged_by_class: dict[int, int] = {}
    for row in attention:
        tagged_by_class[row["class_id"]] = tagged_by_class.get(row["class_id"], 0) + 1
    rows = []
    for c in classes:
        v = visits.get(c.pk, dict.fromkeys((OVERDUE, DUE, FINE), 0))
        rows.append({
            "id": c.pk, "name": str(c), "students": students.get(c.pk, 0), "tagged": tagged_by_class.get(c.pk, 0),
            "visit_overdue": v[OVERDUE], "visit_due": v[DUE], "follow_ups": follow.get(c.pk, 0),
            "consents": [p for p in consents.get(c.pk, []) if p["missing"]],
            "next_activity": next((a for a in upcoming if c.pk in getattr(a, "invited_class_ids", ())), None),
        })
    spec = chart(
        "care-class-visits", "column", [r["name"] for r in rows],
        [(_("Overdue"), [r["visit_overdue"] for r in rows]), (_("Due soon"), [r["visit_due"] for r in rows]),
         (_("Fine"), [visits.get(r["id"], {}).get(FINE, 0) for r in rows])],
        title=_("Home visits of my classes"), unit=pgettext("unit", "students"),
        summary=_("%(overdue)d home visits overdue and %(due)d due within two weeks in my classes.") % {
            "overdue": sum(r["visit_overdue"] for r in rows), "due": sum(r["visit_due"] for r in rows)})
    return {
        "classes": rows, "attention": attention[:attention_limit], "attention_total": len(attention),
        "activities": upcoming[:5], "chart": spec, "can_record": actor.can("home_visits.record"),
    }


def groups_chart(actor: Actor, on: dt.date | None = None) -> dict:
    """The special-group list page's chart: the students of each class in each group now (tags in effect), as
    stacked bars per class — the overview's count (group_matrix), within the actor's scope."""
    matrix = group_matrix(actor, on)
    groups = [g for g, _n in matrix["groups"]]
    return chart(
        "care-groups-by-class", "stacked", [row["name"] for row in matrix["classes"]],
        [(g.name, values) for g, values in (
            (g, [row["cells"][i][1] for row in matrix["classes"]]) for i, g in enumerate(groups)) if any(values)],
        title=_("Students in special groups by class"), unit=pgettext("unit", "students"),
        summary=_("%(n)d students in special groups now: %(groups)s.") % {
            "n": matrix["tagged"], "groups": "; ".join(f"{g.name} {n}" for g, n in matrix["groups"] if n)})
