"""Reads of the bursaries part, already scoped to the actor (rules.py holds the matching predicates): donors, funds
with their totals, grants, the accountability reports (the committee's, with the students' names, and the donor's,
with counts and amounts only) and the dashboard panel."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from xinhuo.core import charts
from xinhuo.core.access import Actor

from .models import GRANTED, Donation, Donor, Fund, FundStatus, Grant, GrantStatus
from .rules import can

ZERO = Decimal("0")
GRADE_NAMES = {
    1: "一年级",
    2: "二年级",
    3: "三年级",
    4: "四年级",
    5: "五年级",
    6: "六年级",
    7: "初一",
    8: "初二",
    9: "初三",
    10: "高一",
    11: "高二",
    12: "高三",
}


def grade_name(level: int | None) -> str:
    return GRADE_NAMES.get(level or 0, "—")


def _sum(qs: QuerySet, field: str = "amount"):
    money: DecimalField = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(
        Subquery(qs.values("fund").annotate(s=Sum(field)).values("s")[:1], output_field=money),
        Value(ZERO),
        output_field=money,
    )


def with_totals(qs: QuerySet[Fund]) -> QuerySet[Fund]:
    """Each fund with received, granted (approved or paid), paid and pending (waiting for approval), in one query."""
    grants = Grant.objects.filter(fund=OuterRef("pk")).order_by()
    return qs.annotate(
        received=_sum(Donation.objects.filter(fund=OuterRef("pk")).order_by()),
        granted=_sum(grants.filter(status__in=GRANTED)),
        paid=_sum(grants.filter(status=GrantStatus.PAID)),
        pending=_sum(grants.filter(status=GrantStatus.APPLIED)),
    )


def balance(fund) -> Decimal:
    """What is left to grant: received less granted and less the amounts waiting for approval."""
    return fund.received - fund.granted - fund.pending


# --- donors and funds ------------------------------------------------------------------------------------------


def donors(actor: Actor) -> QuerySet[Donor]:
    actor.require("community.bursaries.read")
    return Donor.objects.filter(school=actor.school).annotate(fund_count=Count("funds")).order_by("name", "pk")


def donor_detail(actor: Actor, pk: int) -> Donor:
    donor = donors(actor).filter(pk=pk).first()
    if donor is None:
        raise Http404
    return donor


def funds(actor: Actor, *, status: str = "") -> QuerySet[Fund]:
    actor.require("community.bursaries.view")
    qs = with_totals(Fund.objects.filter(school=actor.school).select_related("donor"))
    if status in FundStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "name", "pk")


def fund_detail(actor: Actor, pk: int) -> Fund:
    fund = funds(actor).filter(pk=pk).first()
    if fund is None or not can(actor, "view_fund", fund):
        raise Http404
    return fund


def open_funds(actor: Actor) -> QuerySet[Fund]:
    return funds(actor, status=FundStatus.OPEN)


def donations(fund: Fund) -> QuerySet[Donation]:
    return Donation.objects.filter(fund=fund).select_related("recorded_by").order_by("-received_on", "-pk")


def donation_detail(actor: Actor, pk: int) -> Donation:
    actor.require("community.bursaries.read")
    donation = Donation.objects.filter(pk=pk, fund__school=actor.school).select_related("fund").first()
    if donation is None:
        raise Http404
    return donation


def group_labels(actor: Actor, codes) -> list[str]:
    from xinhuo.care.groups.services import special_groups_for

    names = dict(special_groups_for(actor.school).values_list("code", "name"))
    return [names.get(c, c) for c in codes or []]


def group_choices(actor: Actor) -> list[tuple[str, str]]:
    from xinhuo.care.groups.services import special_groups_for

    return list(special_groups_for(actor.school).values_list("code", "name"))


# --- grants ----------------------------------------------------------------------------------------------------


def grants(actor: Actor) -> QuerySet[Grant]:
    """The grants the actor may see (rules.view_grant): the committee and finance all; a head teacher their classes'
    students' and their own proposals; a parent their children's approved or paid ones."""
    base = (
        Grant.objects.filter(school=actor.school)
        .select_related("fund", "student__school_class__grade", "proposed_by")
        .order_by("-granted_on", "-pk")
    )
    if actor.can("community.bursaries.read"):
        return base
    cond = Q(pk__in=[])
    if actor.can("community.bursaries.propose") and actor.class_ids:
        cond |= Q(student__school_class_id__in=actor.class_ids) | Q(proposed_by=actor.user)
    if actor.can("community.bursaries.mine") and actor.child_ids:
        cond |= Q(student_id__in=actor.child_ids, status__in=GRANTED)
    if not actor.can("community.bursaries.view") and not actor.can("community.bursaries.mine"):
        raise Http404
    return base.filter(cond)


def grant_list(actor: Actor, *, status: str = "", fund: int | None = None, q: str = "") -> QuerySet[Grant]:
    actor.require("community.bursaries.view")
    qs = grants(actor)
    if status in GrantStatus.values:
        qs = qs.filter(status=status)
    if fund:
        qs = qs.filter(fund_id=fund)
    if q:
        qs = qs.filter(student__name__contains=q)
    return qs


def grant_detail(actor: Actor, pk: int) -> Grant:
    grant = grants(actor).filter(pk=pk).first()
    if grant is None or not can(actor, "view_grant", grant):
        raise Http404
    return grant


def grant_steps(grant: Grant) -> QuerySet:
    return grant.steps.select_related("by").order_by("at", "pk")


def my_children_grants(actor: Actor) -> QuerySet[Grant]:
    actor.require("community.bursaries.mine")
    return (
        Grant.objects.filter(school=actor.school, student_id__in=actor.child_ids, status__in=GRANTED)
        .select_related("fund", "student")
        .order_by("-granted_on", "-pk")
    )


def proposable_students(actor: Actor):
    """The students the actor may propose a grant for, among those with an open special-group tag (read through
    care's selectors): the committee's whole school, a head teacher's classes."""
    from xinhuo.care.groups import selectors as care
    from xinhuo.care.models import TagStatus
    from xinhuo.people import selectors as people

    actor.require("community.bursaries.propose")
    tagged = care.tags(actor).exclude(status=TagStatus.CLOSED).values("student_id")
    qs = people.students_of_school(actor.school).filter(pk__in=tagged).select_related("school_class__grade")
    if not actor.can("community.bursaries.manage"):
        qs = qs.filter(school_class_id__in=actor.class_ids)
    return qs.order_by("school_class__grade__level", "school_class__number", "name", "pk")


def may_see_groups(actor: Actor) -> bool:
    """The student's current special groups are shown to the approvers only (the committee)."""
    return actor.can("community.bursaries.approve") and actor.can("special_groups.view")


def current_groups(actor: Actor, grant: Grant) -> list[str] | None:
    if not may_see_groups(actor) or grant.student is None:
        return None
    from .services import open_groups

    return [name for _code, name in open_groups(actor, grant.student)]


# --- the accountability report ---------------------------------------------------------------------------------


def _months(fund: Fund) -> list[dict]:
    rows: dict[str, dict] = defaultdict(lambda: {"received": ZERO, "granted": ZERO})
    for day, amount in Donation.objects.filter(fund=fund).values_list("received_on", "amount"):
        rows[day.strftime("%Y-%m")]["received"] += amount
    for day, amount in Grant.objects.filter(fund=fund, status__in=GRANTED).values_list("granted_on", "amount"):
        rows[day.strftime("%Y-%m")]["granted"] += amount
    return [{"month": m, **rows[m]} for m in sorted(rows)]


def _by_grade(fund: Fund) -> list[dict]:
    rows = (
        Grant.objects.filter(fund=fund, status__in=GRANTED)
        .values("grade_level")
        .annotate(count=Count("pk"), students=Count("student", distinct=True), amount=Sum("amount"))
        .order_by("grade_level")
    )
    return [{"grade": grade_name(r["grade_level"]), "count": r["count"], "amount": r["amount"]} for r in rows]


def fund_report(actor: Actor, pk: int) -> dict:
    """The committee's accountability report of a fund: totals, each month's received and granted, by grade, and
    the grants with the students' names."""
    actor.require("community.bursaries.read")
    fund = fund_detail(actor, pk)
    granted = (
        Grant.objects.filter(fund=fund, status__in=GRANTED)
        .select_related("student__school_class__grade")
        .order_by("granted_on", "pk")
    )
    return {
        "fund": fund,
        "balance": balance(fund),
        "months": _months(fund),
        "by_grade": _by_grade(fund),
        "grants": granted,
        "donations": donations(fund),
        "students": granted.exclude(student=None).values("student").distinct().count(),
    }


def donor_report(actor: Actor, pk: int) -> dict:
    """The donor's version: the same totals, by grade and by month, and never a child's name (nor a class)."""
    actor.require("community.bursaries.read")
    fund = fund_detail(actor, pk)
    granted = Grant.objects.filter(fund=fund, status__in=GRANTED)
    return {
        "fund": fund,
        "balance": balance(fund),
        "months": _months(fund),
        "by_grade": _by_grade(fund),
        "count": granted.count(),
        "donations": donations(fund),
    }


def chart(months: list[dict]) -> dict:
    return charts.chart(
        "bursary-chart",
        "column",
        [m["month"] for m in months],
        [(_("Received"), [m["received"] for m in months]), (_("Granted"), [m["granted"] for m in months])],
        title=_("Month"),
        unit=_("yuan"),
    )


def dashboard_panel(actor: Actor) -> dict | None:
    """The committee's (and finance's) open funds with their balances and the grants waiting for them."""
    if not actor.can("community.bursaries.read"):
        return None
    rows = list(open_funds(actor)[:5])
    for f in rows:
        setattr(f, "balance", balance(f))  # noqa: B010 - an attribute for the template
    waiting = Grant.objects.filter(school=actor.school)
    if actor.can("community.bursaries.approve"):
        waiting = waiting.filter(status=GrantStatus.APPLIED)
    else:
        waiting = waiting.filter(status=GrantStatus.APPROVED)
    # how many wait and, for finance who pays them, how much (one query; never the students)
    figures = waiting.aggregate(n=Count("pk"), amount=Sum("amount"))
    return {"funds": rows, "waiting": figures["n"], "amount": figures["amount"] or Decimal(0),
            "approves": actor.can("community.bursaries.approve")}
