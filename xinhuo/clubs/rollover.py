"""What the clubs do when the school year turns (issue 19; registry.Rollover).

- The graduates' memberships end on the old year's last day (`turn.old_end`): a member has left (status left,
  `left_at` that day), a request to join still waiting is declined (the student is no longer at school).
- Each active club's advisor (with an account) is asked, by a notice linking to the club's members page, to renew
  the members for the new year: keep those who go on, remove the others, accept new requests. The preview's line
  counts the clubs (their names as details).

A constant number of queries for the memberships whatever the number of students; one notice per active club.
`apply` returns the memberships it ended with their previous status and the notices it sent; `undo` puts the
memberships back exactly (status, leaving day) and removes the notices.

leaving.py ends the memberships of a student who leaves during the year with the same `end_memberships`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.models import Membership, Notification, School, User
from xinhuo.core.registry import RolloverLine, YearTurn
from xinhuo.core.services import notification_send

from .models import Club, ClubMembership, ClubStatus, MembershipStatus

APP = "clubs"
MS = MembershipStatus
OPEN = (MS.ACTIVE, MS.REQUESTED)


def open_memberships(school_id: int, student_ids: Iterable[int]) -> QuerySet[ClubMembership]:
    return ClubMembership.objects.filter(club__school_id=school_id, student_id__in=list(student_ids),
                                         status__in=OPEN)


def end_of_day(day: dt.date) -> dt.datetime:
    """The moment a student leaves on `day`: the evening of that day, in the school's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def end_memberships(school_id: int, student_ids: Iterable[int], on: dt.date) -> list[list]:
    """End the open memberships of these students: members leave on `on`, waiting requests are declined.
    Returns [[pk, previous status, previous left_at (ISO) or None], ...]. Three queries."""
    rows = [[pk, status, left.isoformat() if left else None] for pk, status, left
            in open_memberships(school_id, student_ids).order_by("pk").values_list("pk", "status", "left_at")]
    if rows:
        ClubMembership.objects.filter(pk__in=[r[0] for r in rows if r[1] == MS.ACTIVE]).update(
            status=MS.LEFT, left_at=end_of_day(on))
        ClubMembership.objects.filter(pk__in=[r[0] for r in rows if r[1] == MS.REQUESTED]).update(
            status=MS.DECLINED)
    return rows


def membership_line(school_id: int, student_ids: Iterable[int], title: str) -> RolloverLine | None:
    """The open memberships of these students, with the clubs' names and counts as details."""
    per_club = list(open_memberships(school_id, student_ids).order_by().values("club__name")
                    .annotate(n=Count("pk")).order_by("-n", "club__name"))
    total = sum(r["n"] for r in per_club)
    if not total:
        return None
    return RolloverLine(APP, title, total, tuple(f"{r['club__name']}: {r['n']}" for r in per_club)[:20])


def _active_clubs(school_id: int) -> QuerySet[Club]:
    return Club.objects.filter(school_id=school_id, status=ClubStatus.ACTIVE).order_by("name", "pk")


def preview(turn: YearTurn) -> list[RolloverLine]:
    lines: list[RolloverLine] = []
    if line := membership_line(turn.school_id, turn.graduating, _("Club memberships of graduates end")):
        lines.append(line)
    names = list(_active_clubs(turn.school_id).values_list("name", flat=True))
    if names:
        lines.append(RolloverLine(APP, _("Club advisors are asked to renew their members for the new year"),
                                  len(names), tuple(names[:20])))
    return lines


def apply(turn: YearTurn) -> dict:
    ended = end_memberships(turn.school_id, turn.graduating, turn.old_end)
    clubs = list(_active_clubs(turn.school_id).annotate(
        members=Count("memberships", filter=Q(memberships__status=MS.ACTIVE)))
        .values_list("pk", "name", "members", "advisor_user_id", "advisor_elder__user_id"))
    advisors = {u or e for _pk, _n, _m, u, e in clubs if u or e}
    members = set(Membership.objects.filter(school_id=turn.school_id, user_id__in=advisors)
                  .values_list("user_id", flat=True))
    users = {u.pk: u for u in User.objects.filter(pk__in=members, is_active=True)}
    notices: list[int] = []
    if not users:
        return {"memberships": ended, "notices": notices}
    school = School.objects.get(pk=turn.school_id)
    for pk, name, count, advisor_user_id, elder_user_id in clubs:
        user = users.get(advisor_user_id or elder_user_id)
        if user is None:
            continue
        rows = notification_send(
            actor=None, school=school, recipients=[user], check_permission=False,
            title=_("Renew the members of %(club)s for the new school year") % {"club": name},
            body=_("The new school year starts on %(date)s. %(club)s has %(n)d members: keep those who go on, remove "
                   "the others, and accept new requests to join.") % {
                "date": turn.new_start.isoformat(), "club": name, "n": count},
            link=reverse("clubs:members", args=[pk]))
        notices.extend(n.pk for n in rows)
    return {"memberships": ended, "notices": notices}


def undo(turn: YearTurn, data: dict | None) -> None:
    data = data or {}
    before: dict[tuple[str, str | None], list[int]] = {}
    for pk, status, left_at in data.get("memberships", []):
        before.setdefault((status, left_at), []).append(pk)
    for (status, left_at), pks in before.items():
        ClubMembership.objects.filter(pk__in=pks).update(
            status=status, left_at=dt.datetime.fromisoformat(left_at) if left_at else None)
    Notification.objects.filter(pk__in=data.get("notices", [])).delete()
