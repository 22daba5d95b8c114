"""What the care app does when the school year turns (issue 19; registry.Rollover).

For the students who graduate (`turn.graduating`), on the old year's last day (`turn.old_end`):

- their open mentoring pairs end (as the mentee, and as the peer mentor of another student: a graduate mentors
  nobody next year). The pair is ended without a summary; its mentor (with an account) is asked in one notice to
  write the closing summary, and the pair stays on their "My mentees" page until they have (mentoring.selectors
  .summaries_to_write). A pair started after that day ends on its first day.
- their open special-group tags close, each with a step in its history (TagStatusChange: from its status to
  closed, the review date kept, the comment "closed: the student graduated", by the user running the rollover);
  their stored home-visit due dates (VisitDue) are recomputed by visits.due's own rule, the closed tags no longer
  tiering them (the home-visit plan lists enrolled students only: a graduate's row is read nowhere).
- their open follow-up items are listed, not closed: closing one needs its outcome, which only its owner knows
  (an item may still matter after the student left: a referral, a family to call back). The line names the owners.

The other students' open tags keep their review dates: a line says how many, nothing is written.

The preview's lines carry counts only, no names of students: the administrator, who may run the rollover, sees no
care records. Everything is a constant number of queries whatever the number of students (bulk updates: the rows'
own change history is the TagStatusChange; the rollover's run is the audit record of the rest).

`apply` returns the pairs it ended, the tags it closed with their previous status, the history steps and the
notices it wrote; `undo` restores exactly those: the pairs open again, the tags back to their status, the steps and
the notices gone, the due dates recomputed.

The same steps close what a student leaving during the year leaves open (leaving.py): `end_pairs`, `close_tags`,
`open_follow_ups`, `tell_mentors`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.models import Membership, Notification, School
from xinhuo.core.registry import RolloverLine, YearTurn
from xinhuo.core.services import notification_send

from .models import FollowUp, FollowUpStatus, MentoringPair, StudentTag, TagStatus, TagStatusChange
from .visits import due

APP = "care"


# --- the steps, shared with leaving.py ----------------------------------------------------------------------------


def pairs_of(school_id: int, student_ids: Iterable[int]) -> QuerySet[MentoringPair]:
    """The open pairs of these students, as the mentee or as the peer mentor."""
    ids = list(student_ids)
    return MentoringPair.objects.filter(Q(student_id__in=ids) | Q(mentor__peer_id__in=ids), school_id=school_id,
                                        ended_on__isnull=True)


def open_tags_of(school_id: int, student_ids: Iterable[int]) -> QuerySet[StudentTag]:
    return StudentTag.objects.filter(school_id=school_id, student_id__in=list(student_ids)).exclude(
        status=TagStatus.CLOSED)


def open_follow_ups_of(school_id: int, student_ids: Iterable[int]) -> QuerySet[FollowUp]:
    """Open follow-up items about these students: their own, or of a home visit to them."""
    ids = list(student_ids)
    return FollowUp.objects.filter(Q(student_id__in=ids) | Q(home_visit__student_id__in=ids), school_id=school_id,
                                   status=FollowUpStatus.OPEN)


def end_pairs(school_id: int, student_ids: Iterable[int], on: dt.date, summary: str | None = None) -> list[int]:
    """End the open pairs of these students on `on` (a pair started later: on its first day), with `summary`
    (None: the summary is left for the mentor to write); returns their ids. Three queries at most."""
    ids = list(pairs_of(school_id, student_ids).values_list("pk", flat=True))
    if ids:
        extra = {} if summary is None else {"summary": summary}
        rows = MentoringPair.objects.filter(pk__in=ids)
        rows.filter(started_on__lte=on).update(ended_on=on, **extra)
        rows.filter(started_on__gt=on).update(ended_on=F("started_on"), **extra)
    return ids


def reopen_pairs(pair_ids: Iterable[int]) -> None:
    """Undo `end_pairs` without a summary: the pairs open again (a summary the mentor wrote meanwhile is kept)."""
    MentoringPair.objects.filter(pk__in=list(pair_ids)).update(ended_on=None)


def close_tags(school_id: int, student_ids: Iterable[int], comment: str, by_id: int | None) -> dict:
    """Close the open tags of these students, a history step each (review date kept, `comment`, `by_id`), and
    recompute those students' home-visit due dates. Returns {"tags": [[pk, previous status], ...], "steps": [pk]}."""
    rows = list(open_tags_of(school_id, student_ids).order_by("pk").values_list("pk", "status", "review_on",
                                                                               "student_id"))
    if not rows:
        return {"tags": [], "steps": []}
    StudentTag.objects.filter(pk__in=[r[0] for r in rows]).update(status=TagStatus.CLOSED)
    steps = TagStatusChange.objects.bulk_create([
        TagStatusChange(tag_id=pk, from_status=status, to_status=TagStatus.CLOSED, review_on=review_on,
                        comment=comment, by_id=by_id) for pk, status, review_on, _sid in rows])
    due.refresh(school_id, {r[3] for r in rows})
    return {"tags": [[pk, status] for pk, status, _r, _s in rows], "steps": [s.pk for s in steps]}


def reopen_tags(school_id: int, data: dict) -> None:
    """Undo `close_tags`: each tag back to its previous status, the steps removed, the due dates recomputed."""
    by_status: dict[str, list[int]] = {}
    for pk, status in data.get("tags", []):
        by_status.setdefault(status, []).append(pk)
    for status, pks in by_status.items():
        StudentTag.objects.filter(pk__in=pks, status=TagStatus.CLOSED).update(status=status)
    TagStatusChange.objects.filter(pk__in=data.get("steps", [])).delete()
    pks = [pk for pk, _status in data.get("tags", [])]
    if pks:
        due.refresh(school_id, StudentTag.objects.filter(pk__in=pks).values_list("student_id", flat=True))


def tell_mentors(school_id: int, pair_ids: list[int], title: str, body: str) -> list[int]:
    """One notice to the mentors (with an active account in the school) of these pairs, linking to their mentees
    page; returns the notices' ids. A constant number of queries."""
    if not pair_ids:
        return []
    users: set[int] = set()
    for row in MentoringPair.objects.filter(pk__in=pair_ids).values_list(
            "mentor__elder__user_id", "mentor__staff__user_id", "mentor__peer__user_id"):
        users.update(u for u in row if u)
    members = set(Membership.objects.filter(school_id=school_id, user_id__in=users).values_list("user_id", flat=True))
    recipients = list(get_user_model().objects.filter(pk__in=members, is_active=True))
    if not recipients:
        return []
    rows = notification_send(actor=None, school=School.objects.get(pk=school_id), recipients=recipients,
                             title=title[:100], body=body[:2000], link=reverse("care:mentees"),
                             check_permission=False)
    return [n.pk for n in rows]


def forget_notices(ids: Iterable[int]) -> None:
    Notification.objects.filter(pk__in=list(ids)).delete()


def follow_up_line(school_id: int, student_ids: Iterable[int]) -> RolloverLine | None:
    """The open follow-up items of these students, for their owners to close: the owners named with their count."""
    rows = list(open_follow_ups_of(school_id, student_ids).order_by().values("owner__full_name", "owner__username")
                .annotate(n=Count("pk")).order_by("-n", "owner__full_name"))
    total = sum(r["n"] for r in rows)
    if not total:
        return None
    nobody = _("No owner")  # outside the f-string, where makemessages finds it
    details = tuple(f"{r['owner__full_name'] or r['owner__username'] or nobody}: {r['n']}" for r in rows)
    return RolloverLine(APP, _("Open follow-up items of these students, for their owners to close"), total,
                        details[:20], action=False)


# --- the rollover ---------------------------------------------------------------------------------------------------


def graduated_comment() -> str:
    return _("Closed: the student graduated.")


def preview(turn: YearTurn) -> list[RolloverLine]:
    lines: list[RolloverLine] = []
    grads = turn.graduating
    if n := pairs_of(turn.school_id, grads).count():
        lines.append(RolloverLine(APP, _("Mentoring pairs of graduates end; their mentors are asked for a closing "
                                         "summary"), n))
    if n := open_tags_of(turn.school_id, grads).count():
        lines.append(RolloverLine(APP, _("Special-group tags of graduates close"), n))
    others = turn.promoted | turn.repeating
    if n := open_tags_of(turn.school_id, others).count():
        lines.append(RolloverLine(APP, _("Special-group tags of the other students keep their review dates"), n,
                                  action=False))
    if line := follow_up_line(turn.school_id, grads):
        lines.append(line)
    return lines


def apply(turn: YearTurn) -> dict:
    grads = turn.graduating
    pairs = end_pairs(turn.school_id, grads, turn.old_end)
    notices = tell_mentors(
        turn.school_id, pairs, _("Write the closing summary of your mentees who graduated"),
        _("Their mentoring pairs ended on %(date)s with the school year. Sum up each pair on your mentees page: "
          "what was done and how the student is doing.") % {"date": turn.old_end.isoformat()})
    tags = close_tags(turn.school_id, grads, graduated_comment(), turn.actor_user_id)
    return {"pairs": pairs, "notices": notices, **tags}


def undo(turn: YearTurn, data: dict | None) -> None:
    data = data or {}
    reopen_pairs(data.get("pairs", []))
    forget_notices(data.get("notices", []))
    reopen_tags(turn.school_id, data)
