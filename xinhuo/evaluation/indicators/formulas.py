"""The indicators' formulas (PLAN-3): each computes one figure of a school over a period from the other apps' data,
read only through their selectors, in a few aggregate queries. An Indicator row names its formula by key
(`Indicator.formula`); docs/evaluation-indicators.md states every formula in words.

A formula answers a Figure: the value, and the numerator and denominator it came from (so the page can say
"12 of 40"). `value` None means "no data yet": the module has no records in the period (or the school does not use
it), never a made-up 0. Each formula also lists the records behind its figure for the drill-down, `records(actor,
start, end)`, read from the actor's school only; where the records are about children's sensitive data (special
groups, screening, alerts) the rows are per class or per campaign, never a name."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.activities import selectors as activities
from xinhuo.activities.models import ActivityKind, ActivityStatus, SignUpKind, SignUpStatus
from xinhuo.care.groups import selectors as care_groups
from xinhuo.care.mentoring import selectors as mentoring
from xinhuo.care.models import TagStatus
from xinhuo.care.visits import selectors as visits
from xinhuo.community.partners import selectors as partners
from xinhuo.community.partners.models import PartnerStatus
from xinhuo.core.models import SchoolClass
from xinhuo.elders import selectors as elders
from xinhuo.family.school import selectors as parent_school
from xinhuo.finance.budgets import money
from xinhuo.finance.budgets import selectors as budgets
from xinhuo.governance.supervision import selectors as supervision
from xinhuo.governance.supervision.models import RectificationStatus
from xinhuo.people import selectors as people
from xinhuo.plans import selectors as plans
from xinhuo.plans.models import TaskStatus
from xinhuo.surveys.results import selectors as survey_results
from xinhuo.wellbeing import selectors as wellbeing

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
PLANNED = (ActivityStatus.APPROVED, ActivityStatus.RUNNING, ActivityStatus.SUMMARISED, ActivityStatus.ARCHIVED)
HELD = (ActivityStatus.SUMMARISED, ActivityStatus.ARCHIVED)
MIN_GROUP = 5  # a drill-down row about children's sensitive data counts at least this many children, or says so
MAX_ROWS = 500  # a drill-down lists at most this many rows (a period's records of one indicator)


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def no_data(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Formula:
    key: str
    label: Any
    unit: str  # "%", "h" (hours), "pt" (points of 100)
    compute: Callable[[Any, dt.date, dt.date], Figure]
    records: Callable[[Any, dt.date, dt.date], list[dict]]
    explains: Any  # the formula in words, shown on the indicator's page


REGISTRY: dict[str, Formula] = {}


def formula(key: str, label, unit: str, explains, records: Callable):
    def register(fn):
        REGISTRY[key] = Formula(key, label, unit, fn, records, explains)
        return fn
    return register


def q2(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rate(numerator, denominator) -> Figure:
    """A percentage; no denominator is no data."""
    if not denominator:
        return Figure(None, q2(numerator or 0), q2(denominator or 0))
    return Figure(q2(HUNDRED * Decimal(numerator) / Decimal(denominator)), q2(numerator), q2(denominator))


def day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz), dt.datetime.combine(end, dt.time.max, tzinfo=tz))


def reference_day(end: dt.date) -> dt.date:
    """The day "on time" is judged on: the period's end, or today while the period runs."""
    return min(end, timezone.localdate())


def row(label, detail="", date=None, url="") -> dict:
    return {"label": str(label), "detail": str(detail), "date": date, "url": url}


# --- plans -----------------------------------------------------------------------------------------------------


def _tasks(school, start, end):
    return plans.tasks_of_school(school).filter(deadline__gte=start, deadline__lte=end).exclude(
        status=TaskStatus.DROPPED)


def plan_records(actor, start, end) -> list[dict]:
    return [row(t.title, t.get_status_display(), t.deadline, reverse("plans:task-detail", args=[t.pk]))
            for t in _tasks(actor.school, start, end).order_by("deadline", "pk")[:MAX_ROWS]]


@formula("plan_completion", _("Plan task completion rate"), "%",
         _("Tasks of the adopted work plan due in the period that are done, of all of them (dropped tasks left "
           "out)."), plan_records)
def plan_completion(school, start, end) -> Figure:
    counts = _tasks(school, start, end).aggregate(n=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)))
    return rate(counts["done"], counts["n"])


# --- activities ------------------------------------------------------------------------------------------------


def _activities(school, start, end):
    return activities.activities_of_school(school).filter(starts_at__range=day_range(start, end),
                                                          status__in=PLANNED)


def activity_records(actor, start, end) -> list[dict]:
    return [row(a.title, f"{a.get_kind_display()} · {a.get_status_display()}", timezone.localtime(a.starts_at).date(),
                reverse("activities:detail", args=[a.pk]))
            for a in _activities(actor.school, start, end).order_by("starts_at", "pk")[:MAX_ROWS]]


@formula("activities_held", _("Activities held vs planned"), "%",
         _("Approved activities starting in the period that were held and summarised, of all approved ones (per "
           "kind in the list below)."), activity_records)
def activities_held(school, start, end) -> Figure:
    counts = _activities(school, start, end).aggregate(n=Count("pk"), held=Count("pk", filter=Q(status__in=HELD)))
    return rate(counts["held"], counts["n"])


def held_by_kind(school, start, end) -> list[dict]:
    """Activities planned and held per kind: the "per kind" part of activities_held (the detail page shows it)."""
    rows = (_activities(school, start, end).order_by().values("kind")
            .annotate(n=Count("pk"), held=Count("pk", filter=Q(status__in=HELD))))
    labels = dict(ActivityKind.choices)
    return [{"kind": r["kind"], "label": str(labels.get(r["kind"], r["kind"])), "planned": r["n"],
             "held": r["held"]} for r in sorted(rows, key=lambda r: r["kind"])]


# --- participation ---------------------------------------------------------------------------------------------


PARTICIPANT: dict[str, str] = {SignUpKind.STUDENT: "student_id", SignUpKind.PARENT: "user_id",
                               SignUpKind.ELDER: "elder_id", SignUpKind.TEACHER: "user_id"}


def _attended(school, start, end):
    return activities.signups_of_school(school).filter(
        activity__starts_at__range=day_range(start, end), activity__status__in=PLANNED,
        checked_in_at__isnull=False).exclude(status=SignUpStatus.CANCELLED)


def _population(school, kind: str) -> int:
    if kind == SignUpKind.STUDENT:
        return people.enrolled_students_of_school(school).count()
    if kind == SignUpKind.PARENT:
        return people.guardians_of_school(school).filter(user__isnull=False).count()
    if kind == SignUpKind.ELDER:
        return elders.active_elders_of_school(school).count()
    return people.staff_in_post(school).filter(user__isnull=False).count()


def _participation(kind: str):
    def compute(school, start, end) -> Figure:
        if not _activities(school, start, end).exists():
            return Figure(None)
        came = _attended(school, start, end).filter(kind=kind).aggregate(
            n=Count(PARTICIPANT[kind], distinct=True))["n"]
        return rate(came, _population(school, kind))
    return compute


def _participation_records(kind: str):
    def records(actor, start, end) -> list[dict]:
        rows = (_attended(actor.school, start, end).filter(kind=kind).order_by()
                .values("activity_id", "activity__title", "activity__starts_at").annotate(n=Count("pk"))
                .order_by("activity__starts_at", "activity_id"))[:MAX_ROWS]
        return [row(r["activity__title"], r["n"], timezone.localtime(r["activity__starts_at"]).date(),
                    reverse("activities:detail", args=[r["activity_id"]])) for r in rows]
    return records


for _kind, _label, _words in (
    (SignUpKind.STUDENT, _("Student participation"),
     _("Enrolled students who attended (checked in at) at least one activity in the period, of all enrolled.")),
    (SignUpKind.PARENT, _("Parent participation"),
     _("Parents with an account who attended at least one activity in the period, of all such parents.")),
    (SignUpKind.ELDER, _("Elder participation"),
     _("Active elders who attended at least one activity in the period, of all active elders.")),
    (SignUpKind.TEACHER, _("Teacher participation"),
     _("Staff in post with an account who attended at least one activity in the period, of all of them.")),
):
    REGISTRY[f"participation_{_kind}"] = Formula(f"participation_{_kind}", _label, "%", _participation(_kind),
                                                 _participation_records(_kind), _words)


def elder_hours_records(actor, start, end) -> list[dict]:
    rows = (_attended(actor.school, start, end).filter(kind=SignUpKind.ELDER, hours__isnull=False).order_by()
            .values("activity_id", "activity__title", "activity__starts_at").annotate(h=Sum("hours"))
            .order_by("activity__starts_at", "activity_id"))[:MAX_ROWS]
    return [row(r["activity__title"], r["h"], timezone.localtime(r["activity__starts_at"]).date(),
                reverse("activities:detail", args=[r["activity_id"]])) for r in rows]


@formula("elder_hours", _("Elders' service hours"), "h",
         _("Service hours credited to elders for activities in the period."), elder_hours_records)
def elder_hours(school, start, end) -> Figure:
    found = _attended(school, start, end).filter(kind=SignUpKind.ELDER).aggregate(
        h=Sum("hours"), n=Count("pk", filter=Q(hours__isnull=False)))
    if not found["n"]:
        return Figure(None)
    return Figure(q2(found["h"]), q2(found["h"]), None)


# --- care ------------------------------------------------------------------------------------------------------


def _care_students(school, start, end) -> dict[int, dict]:
    """Enrolled students with an open special-group tag identified by the period's end:
    {student id: {class, every, visit, support, ok}}; three
    queries."""
    ref = reference_day(end)
    tags = (care_groups.tags_of_school(school).filter(identified_on__lte=end).exclude(status=TagStatus.CLOSED)
            .filter(people.enrolled_filter("student__"))
            .values_list("student_id", "student__school_class_id", "group__visit_every_days"))
    out: dict[int, dict] = {}
    for sid, cls, every in tags:
        found = out.setdefault(sid, {"class": cls, "every": every, "visit": None, "support": False})
        found["every"] = min(found["every"], every)
    if not out:
        return out
    for sid, last in (visits.home_visits_of_school(school).filter(student_id__in=list(out), visited_on__lte=ref)
                      .order_by().values_list("student_id").annotate(last=Max("visited_on"))):
        out[sid]["visit"] = last
    for sid in (care_groups.support_measures_of_school(school).filter(
            student_id__in=list(out), given_on__gte=start, given_on__lte=end).values_list("student_id", flat=True)):
        out[sid]["support"] = True
    for found in out.values():
        found["ok"] = bool(found["support"] and found["visit"]
                           and found["visit"] >= ref - dt.timedelta(days=found["every"]))
    return out


def _class_names(school) -> dict[int, str]:
    return {c.pk: f"{c.grade.name}{c.name}" for c in SchoolClass.objects.filter(school=school).select_related("grade")}


def share_text(ok: int, n: int) -> str:
    """"ok of n" for a drill-down row about children's sensitive data, or "fewer than 5" for a group smaller than 5
    (DESIGN.md: no aggregate of fewer than 5 children is shown)."""
    if n < MIN_GROUP:
        return str(_("fewer than %(n)s") % {"n": MIN_GROUP})
    return str(_("%(ok)s of %(n)s") % {"ok": ok, "n": n})


def _per_class_rows(school, counts: dict[int | None, list[int]]) -> list[dict]:
    names = _class_names(school)
    rows = [row(names.get(cls, "—") if cls else "—", share_text(ok, n)) for cls, (ok, n) in counts.items()]
    return sorted(rows, key=lambda r: r["label"])


def care_records(actor, start, end) -> list[dict]:
    per: dict = defaultdict(lambda: [0, 0])
    for found in _care_students(actor.school, start, end).values():
        per[found["class"]][1] += 1
        per[found["class"]][0] += int(found["ok"])
    return _per_class_rows(actor.school, per)


@formula("care_support_visit", _("Special-group students supported and visited on time"), "%",
         _("Enrolled students with a special-group tag open in the period who received a support measure in the "
           "period and whose last home visit is within their group's visit interval, of all of them. Listed per "
           "class, never by name."), care_records)
def care_support_visit(school, start, end) -> Figure:
    found = _care_students(school, start, end)
    return rate(sum(1 for f in found.values() if f["ok"]), len(found))


def _pairs(school, start, end):
    ref = reference_day(end)
    return (mentoring.pairs_of_school(school).filter(started_on__lte=ref)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=ref)).order_by()
            .annotate(last=Max("contacts__contacted_on", filter=Q(contacts__contacted_on__lte=ref)))
            .values_list("pk", "started_on", "last", "contact_every_days", "student__school_class_id"))


def _pair_on_time(pair, ref) -> bool:
    _pk, started, last, every, _cls = pair
    return mentoring.pair_overdue_days(started, last, every, ref) == 0


def mentoring_records(actor, start, end) -> list[dict]:
    ref = reference_day(end)
    per: dict = defaultdict(lambda: [0, 0])
    for pair in _pairs(actor.school, start, end):
        per[pair[4]][1] += 1
        per[pair[4]][0] += int(_pair_on_time(pair, ref))
    return _per_class_rows(actor.school, per)


@formula("mentoring_on_time", _("Mentoring contacts on time"), "%",
         _("Mentoring pairs active at the end of the period (today while it runs) whose last contact is within the "
           "pair's contact interval, of all active pairs."), mentoring_records)
def mentoring_on_time(school, start, end) -> Figure:
    ref = reference_day(end)
    found = list(_pairs(school, start, end))
    return rate(sum(1 for p in found if _pair_on_time(p, ref)), len(found))


# --- wellbeing -------------------------------------------------------------------------------------------------


def _screened(school, start, end):
    return wellbeing.responses_of_school(school).filter(submitted_at__range=day_range(start, end))


def screening_records(actor, start, end) -> list[dict]:
    rows = (_screened(actor.school, start, end).order_by().values("campaign_id", "campaign__title")
            .annotate(n=Count("student_id", distinct=True)).order_by("campaign_id"))
    return [row(r["campaign__title"], r["n"] if r["n"] >= MIN_GROUP else _("fewer than %(n)s") % {"n": MIN_GROUP})
            for r in rows][:MAX_ROWS]


@formula("screening_coverage", _("Screening coverage"), "%",
         _("Enrolled students who submitted a screening in the period, of all enrolled students."), screening_records)
def screening_coverage(school, start, end) -> Figure:
    screened = _screened(school, start, end).filter(people.enrolled_filter("student__")).aggregate(
        n=Count("student_id", distinct=True))["n"]
    if not screened and not _screened(school, start, end).exists():
        return Figure(None)
    return rate(screened, people.enrolled_students_of_school(school).count())


def _alerts(school, start, end):
    return wellbeing.alerts_of_school(school).filter(raised_at__range=day_range(start, end))


def _alert_counts(qs):
    from django.db.models import F

    return qs.aggregate(n=Count("pk"), ok=Count("pk", filter=Q(acknowledged_at__isnull=False,
                                                               acknowledged_at__lte=F("escalate_at"))))


def alert_records(actor, start, end) -> list[dict]:
    from django.db.models import F
    from django.db.models.functions import TruncMonth

    rows = (_alerts(actor.school, start, end).order_by().annotate(m=TruncMonth("raised_at")).values("m")
            .annotate(n=Count("pk"), ok=Count("pk", filter=Q(acknowledged_at__isnull=False,
                                                              acknowledged_at__lte=F("escalate_at"))))
            .order_by("m"))
    return [row(r["m"].strftime("%Y-%m"), share_text(r["ok"], r["n"])) for r in rows]


@formula("alerts_on_time", _("Alerts closed within the target time"), "%",
         _("Alerts raised in the period that were acknowledged before their escalation time, of all alerts raised. "
           "Listed per month, never by name."), alert_records)
def alerts_on_time(school, start, end) -> Figure:
    counts = _alert_counts(_alerts(school, start, end))
    return rate(counts["ok"], counts["n"])


# --- family and community --------------------------------------------------------------------------------------


def parent_school_records(actor, start, end) -> list[dict]:
    rows = (parent_school.attendances_of_school(actor.school, start, end).order_by()
            .values("session_id", "session__course__title", "session__starts_at").annotate(n=Count("pk"))
            .order_by("session__starts_at", "session_id"))[:MAX_ROWS]
    return [row(r["session__course__title"], r["n"], timezone.localtime(r["session__starts_at"]).date(),
                reverse("family:school-session", args=[r["session_id"]])) for r in rows]


@formula("parent_school_attendance", _("Parent-school attendance"), "%",
         _("Families (enrolled students) of whom a guardian attended at least one parent-school session held in the "
           "period, of all families."), parent_school_records)
def parent_school_attendance(school, start, end) -> Figure:
    attended = parent_school.attendances_of_school(school, start, end).filter(people.enrolled_filter("student__"))
    came = attended.aggregate(n=Count("student_id", distinct=True))["n"]
    if not came:
        return Figure(None)
    return rate(came, people.enrolled_students_of_school(school).count())


def _satisfaction(audience: str):
    def compute(school, start, end) -> Figure:
        found = survey_results.satisfaction(school, SimpleNamespace(start=start, end=end), audience)
        if found is None:
            return Figure(None)
        return Figure(q2(found.score), None, q2(found.n))
    return compute


def _satisfaction_records(audience: str):
    def records(actor, start, end) -> list[dict]:
        found = survey_results.satisfaction(actor.school, SimpleNamespace(start=start, end=end), audience)
        if found is None:
            return []
        return [row(s.title, "", timezone.localtime(s.opens_at).date(), reverse("surveys:results", args=[s.pk]))
                for s in found.surveys]
    return records


for _aud, _label in (("student", _("Student satisfaction")), ("parent", _("Parent satisfaction"))):
    REGISTRY[f"satisfaction_{_aud}"] = Formula(
        f"satisfaction_{_aud}", _label, "pt", _satisfaction(_aud), _satisfaction_records(_aud),
        _("The mean answer on the rating scales of the satisfaction surveys opened in the period, as points of "
          "100 (the lowest answer 0, the highest 100); anonymous surveys with fewer than 5 answers left out."))


def partner_records(actor, start, end) -> list[dict]:
    active = _active_partner_ids(actor.school, start, end)
    return [row(p.name, _("active") if p.pk in active else _("no contact in the period"), None,
                reverse("community:partners-detail", args=[p.pk]))
            for p in partners.partners_of_school(actor.school).filter(status=PartnerStatus.ACTIVE).order_by("name")]


def _active_partner_ids(school, start, end) -> set[int]:
    met = partners.joint_meetings_of_school(school).filter(held_on__gte=start, held_on__lte=end).values_list(
        "partners", flat=True)
    return {pk for pk in met if pk}


@formula("partners_active", _("Community partners active"), "%",
         _("Partners in co-operation that took part in a joint meeting held in the period, of all partners in "
           "co-operation."), partner_records)
def partners_active(school, start, end) -> Figure:
    ids = set(partners.partners_of_school(school).filter(status=PartnerStatus.ACTIVE).values_list("pk", flat=True))
    return rate(len(ids & _active_partner_ids(school, start, end)), len(ids))


# --- funds -----------------------------------------------------------------------------------------------------


def _budget_lines(school, start):
    budget = budgets.approved_budget_on(school, start)
    if budget is None:
        return []
    return list(budget.lines.all().order_by("order", "pk"))


def fund_records(actor, start, end) -> list[dict]:
    lines = _budget_lines(actor.school, start)
    found = money.positions(lines)
    url = reverse("finance:budgets-report")
    return [row(line.name, f"{found[line.pk].spent} / {line.amount}" + (" ★" if line.earmarked else ""), None, url)
            for line in lines]


@formula("fund_execution", _("Fund execution vs budget"), "%",
         _("Spent (claims approved or paid) of the approved budget of the school year, so far; the same for a "
           "term."), fund_records)
def fund_execution(school, start, end) -> Figure:
    lines = _budget_lines(school, start)
    if not lines:
        return Figure(None)
    found = money.total(money.positions(lines).values())
    return rate(found.spent, found.budget)


@formula("earmarks_respected", _("Earmarks respected"), "%",
         _("Earmarked lines of the approved budget whose committed and spent money stays within the line, of all "
           "earmarked lines."), fund_records)
def earmarks_respected(school, start, end) -> Figure:
    lines = [line for line in _budget_lines(school, start) if line.earmarked]
    if not lines:
        return Figure(None)
    found = money.positions(lines)
    ok = sum(1 for line in lines if found[line.pk].spent + found[line.pk].committed <= line.amount)
    return rate(ok, len(lines))


# --- supervision -----------------------------------------------------------------------------------------------


def _items(school, start, end):
    return supervision.rectifications_of_school(school).filter(due_on__gte=start, due_on__lte=end)


def rectification_records(actor, start, end) -> list[dict]:
    return [row(i.problem, i.get_status_display(), i.due_on,
                reverse("governance:supervision-rectification", args=[i.pk]))
            for i in _items(actor.school, start, end).order_by("due_on", "pk")[:MAX_ROWS]]


@formula("rectification_closed", _("Rectification items closed"), "%",
         _("Rectification items due in the period that are verified and closed, of all items due in it."),
         rectification_records)
def rectification_closed(school, start, end) -> Figure:
    counts = _items(school, start, end).aggregate(
        n=Count("pk"), ok=Count("pk", filter=Q(status=RectificationStatus.CLOSED)))
    return rate(counts["ok"], counts["n"])


def compute(key: str, school, start: dt.date, end: dt.date) -> Figure:
    """The figure of a formula; an unknown key (a formula removed from the code) is no data."""
    found = REGISTRY.get(key)
    return found.compute(school, start, end) if found else Figure(None)


KEPT_SECONDS = 10 * 60


def _kept_key(key: str, school, start: dt.date, end: dt.date) -> str:
    return f"evaluation:figure:{school.pk}:{key}:{start.isoformat()}:{end.isoformat()}"


def kept_many(keys: list[str], school, start: dt.date, end: dt.date) -> dict[str, Figure]:
    """The pages' figures: compute(), kept KEPT_SECONDS per school, formula and period (one cache read for them
    all). A page asks every formula, and some read many rows (the satisfaction surveys' answers are decrypted one
    by one: ~150 ms a page on the large school); a live figure a few minutes old is what a committee reviewing its
    year needs. Snapshots never read it: a period is fixed from figures computed at that moment."""
    found = kept_periods([(k, start, end) for k in keys], school)
    return {k: found[(k, start, end)] for k in keys}


def kept_periods(asked: list[tuple[str, dt.date, dt.date]], school) -> dict[tuple[str, dt.date, dt.date], Figure]:
    """kept_many for (formula, start, end) triples: a trend's months in one cache read."""
    names = {a: _kept_key(a[0], school, a[1], a[2]) for a in asked}
    stored = cache.get_many(list(names.values()))
    out: dict[tuple[str, dt.date, dt.date], Figure] = {}
    fresh: dict[str, tuple] = {}
    for a, name in names.items():
        if name in stored:
            out[a] = Figure(*stored[name])
        else:
            out[a] = compute(a[0], school, a[1], a[2])
            fresh[name] = (out[a].value, out[a].numerator, out[a].denominator)
    if fresh:
        cache.set_many(fresh, KEPT_SECONDS)
    return out


def keep_fresh(keys: list[str], school, start: dt.date, end: dt.date) -> None:
    """Compute the figures now and keep them (the frequent job), so a page finds them kept."""
    cache.set_many({_kept_key(k, school, start, end): (f.value, f.numerator, f.denominator)
                    for k, f in ((k, compute(k, school, start, end)) for k in keys)}, KEPT_SECONDS)


def kept(key: str, school, start: dt.date, end: dt.date) -> Figure:
    return kept_many([key], school, start, end)[key]
