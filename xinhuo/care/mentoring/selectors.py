"""Reads of the mentoring part, already scoped to the actor: growth mentors, mentoring pairs and their contacts,
the overdue logic of pairs, a mentor's own mentees (views.py, reminders.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from xinhuo.core.access import Actor

from ..common import my_mentor_ids, student_scope
from ..models import Mentor, MentoringPair


def pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """Mentoring pairs the actor may see (rules.view_pair): all for the mentoring managers, a head teacher's
    classes, and a mentor's own pairs."""
    actor.require("mentoring.view")
    qs = MentoringPair.objects.filter(school=actor.school)
    if not actor.can("mentoring.manage"):  # (Q() | Q(x) would be Q(x): the managers' "all" is no filter)
        qs = qs.filter(student_scope(actor, "mentoring.manage") | Q(mentor_id__in=my_mentor_ids(actor)))
    return qs.select_related("mentor", "student__school_class")


def pair_due_on(started_on: dt.date, last_contact: dt.date | None, every_days: int) -> dt.date:
    """The last day a pair is on plan: its last contact (its start, before any) + contact_every_days."""
    return (last_contact or started_on) + dt.timedelta(days=every_days)


def pair_overdue_days(started_on: dt.date, last_contact: dt.date | None, every_days: int, today: dt.date) -> int:
    """How many days past its plan a pair is on `today` (0 when on plan: the due day itself is not overdue)."""
    return max((today - pair_due_on(started_on, last_contact, every_days)).days, 0)


def with_last_contact(qs: QuerySet[MentoringPair]) -> QuerySet[MentoringPair]:
    """Annotate each pair's last contact date (`last_contact`), in the same query."""
    from django.db.models import Max

    return qs.annotate(last_contact=Max("contacts__contacted_on"))


def overdue_pair_ids(qs: QuerySet[MentoringPair], today: dt.date | None = None) -> list[int]:
    """The active pairs of `qs` overdue for contact on `today`: one query, whatever the number of pairs."""
    today = today or timezone.localdate()
    from django.db.models import Max

    rows = (qs.filter(ended_on__isnull=True).order_by().annotate(last=Max("contacts__contacted_on"))
            .values_list("pk", "started_on", "last", "contact_every_days"))
    return [pk for pk, start, last, every in rows if pair_overdue_days(start, last, every, today) > 0]


def overdue_pairs(school, today: dt.date) -> list[MentoringPair]:
    """Active pairs of the school overdue for contact, each with `last_contact` and `overdue_days`, oldest first.
    Not scoped to an actor: the reminder job builds on it (pages go through `pairs(actor)`)."""
    qs = (with_last_contact(MentoringPair.objects.filter(school=school, ended_on__isnull=True))
          .select_related("mentor__elder", "mentor__staff", "mentor__peer", "student__school_class__grade")
          .order_by("pk"))
    out: list[MentoringPair] = []
    for p in qs:
        days = pair_overdue_days(p.started_on, p.last_contact, p.contact_every_days, today)  # type: ignore[attr-defined]
        if days > 0:
            p.overdue_days = days  # type: ignore[attr-defined]
            out.append(p)
    out.sort(key=lambda p: (-p.overdue_days, p.pk))  # type: ignore[attr-defined]
    return out


def _with_pair_load(qs: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Annotate each mentor's active pairs (`pair_load`) as a correlated count."""
    from django.db.models import Count, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    active = MentoringPair.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=True)
    return qs.annotate(pair_load=Coalesce(
        Subquery(active.order_by().values("mentor").annotate(n=Count("pk")).values("n")), Value(0)))


def mentors(actor: Actor, *, q: str = "", kind: str = "", active: bool | None = None) -> QuerySet[Mentor]:
    """The school's growth mentors with their current load (rules.manage_mentor): the mentoring managers only."""
    actor.require("mentoring.manage")
    qs = _with_pair_load(Mentor.objects.filter(school=actor.school)).select_related(
        "elder", "staff", "peer__school_class__grade")
    if q := (q or "").strip():
        qs = qs.filter(name__icontains=q)
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("-active", "name", "pk")


def mentor_candidates(actor: Actor) -> QuerySet[Mentor]:
    """Active mentors with what matching reads (their load; an elder's availability and the elders' load): three
    queries whatever the number of mentors."""
    from django.db.models import Prefetch

    from xinhuo.elders import selectors as elders_selectors

    actor.require("mentoring.manage")
    return (_with_pair_load(Mentor.objects.filter(school=actor.school, active=True))
            .select_related("staff", "peer__school_class__grade")
            .prefetch_related(Prefetch("elder", queryset=elders_selectors.with_load(
                elders_selectors.elders_of_school(actor.school)).prefetch_related("availability")))
            .order_by("name", "pk"))


PAIR_STATUSES = ("active", "ended", "overdue")


def pair_list(actor: Actor, *, status: str = "", q: str = "", mentor: int | None = None,
              today: dt.date | None = None) -> QuerySet[MentoringPair]:
    """The pairs the actor may see (rules.view_pair) with their last contact; status active / ended / overdue."""
    qs = with_last_contact(pairs(actor)).select_related(
        "mentor__elder", "mentor__staff", "mentor__peer", "student__school_class__grade")
    if status == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ended_on__isnull=False)
    elif status == "overdue":
        qs = qs.filter(pk__in=overdue_pair_ids(pairs(actor), today))
    if q := (q or "").strip():
        qs = qs.filter(Q(student__name__icontains=q) | Q(mentor__name__icontains=q))
    if mentor:
        qs = qs.filter(mentor_id=mentor)
    return qs.order_by("ended_on", "-started_on", "-pk")


def pair_detail(actor: Actor, pk: int) -> MentoringPair:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(pair_list(actor), pk=pk)


def pair_contacts(pair: MentoringPair) -> QuerySet:
    """The contacts of a pair the caller may already see, newest first."""
    return pair.contacts.select_related("logged_by").order_by("-contacted_on", "-pk")


def contact_pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """Pairs whose contacts the actor may log (rules.log_contact): the managers every pair, a mentor their own."""
    cond = Q(mentor_id__in=my_mentor_ids(actor))
    if actor.can("mentoring.manage"):
        cond = Q()
    return pairs(actor).filter(cond)


def managed_pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """Pairs the actor may end (rules.manage_pair)."""
    if not actor.can("mentoring.manage"):
        return MentoringPair.objects.none()
    return pairs(actor)


def guardian_phone_pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """The actor's own open pairs as an elder or teacher mentor (rules.reveal_mentee_guardian_phone)."""
    from ..rules import GUARDIAN_PHONE_MENTOR_KINDS

    return MentoringPair.objects.filter(school=actor.school, mentor_id__in=my_mentor_ids(actor),
                                        ended_on__isnull=True, mentor__kind__in=GUARDIAN_PHONE_MENTOR_KINDS)


def my_mentees(actor: Actor, today: dt.date | None = None) -> list[MentoringPair]:
    """The actor's open pairs as a mentor, with only what mentoring needs: the student's name and class, the
    needs, the plan, the last contact and `overdue_days`; `guardian` (the primary guardian) is prefetched for
    elder and teacher mentors only. A constant number of queries."""
    from django.db.models import Prefetch

    from xinhuo.people import selectors as people_selectors

    actor.require("mentoring.view")
    today = today or timezone.localdate()
    ids = my_mentor_ids(actor)
    if not ids:
        return []
    qs = (with_last_contact(MentoringPair.objects.filter(school=actor.school, mentor_id__in=ids,
                                                         ended_on__isnull=True))
          .select_related("mentor", "student__school_class__grade")
          .prefetch_related(Prefetch("student__guardian_links", to_attr="primary_links",
                                     queryset=people_selectors.primary_guardian_links()))
          .order_by("student__name", "pk"))
    out: list[MentoringPair] = list(qs)
    from ..rules import GUARDIAN_PHONE_MENTOR_KINDS

    for p in out:
        p.overdue_days = pair_overdue_days(  # type: ignore[attr-defined]
            p.started_on, p.last_contact, p.contact_every_days, today)  # type: ignore[attr-defined]
        p.due_on = pair_due_on(p.started_on, p.last_contact, p.contact_every_days)  # type: ignore[attr-defined]
        links = p.student.primary_links  # type: ignore[attr-defined]
        p.may_call = p.mentor.kind in GUARDIAN_PHONE_MENTOR_KINDS and bool(links)  # type: ignore[attr-defined]
    out.sort(key=lambda p: (-p.overdue_days, p.student.name, p.pk))  # type: ignore[attr-defined]
    return out


def has_mentees(actor: Actor) -> bool:
    """Whether "My mentees" is worth a menu entry (NavEntry.shown): the actor mentors a student now, or has an ended
    pair still to sum up. At most two queries, one when the actor is no mentor. Not for an elder: their student
    mentees are on their own "My pairs" page with their other pairs (elders:my-pairs), one entry, not two."""
    if actor.elder_id is not None:
        return False
    ids = my_mentor_ids(actor)
    if not ids:
        return False
    recent = timezone.localdate() - dt.timedelta(days=SUMMARY_DUE_DAYS)
    return MentoringPair.objects.filter(school=actor.school, mentor_id__in=ids).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=recent, summary="")).exists()


# how long after its end a pair without a summary stays on its mentor's to-do (an erased student's pair, years on,
# has its summary cleared too: that is no task)
SUMMARY_DUE_DAYS = 365


def summaries_to_write(actor: Actor, today: dt.date | None = None) -> QuerySet[MentoringPair]:
    """The actor's own pairs (as a mentor) that ended without a summary in the last year: the year's rollover ends
    a graduate's pairs so, asking the mentor to sum each one up. On their mentees page until they have."""
    ids = my_mentor_ids(actor)
    if not ids:
        return MentoringPair.objects.none()
    today = today or timezone.localdate()
    return (MentoringPair.objects.filter(school=actor.school, mentor_id__in=ids, ended_on__isnull=False, summary="",
                                         ended_on__gte=today - dt.timedelta(days=SUMMARY_DUE_DAYS))
            .select_related("mentor", "student__school_class__grade").order_by("-ended_on", "pk"))


def summary_pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """Ended pairs still without a summary whose summary the actor may write (rules.log_contact): a mentor their
    own, the managers any."""
    return contact_pairs(actor).filter(ended_on__isnull=False, summary="")


def pairs_of_school(school) -> QuerySet[MentoringPair]:
    """Every mentoring pair of the school, unscoped: for the evaluation's aggregate counts."""
    return MentoringPair.objects.filter(school=school)
