"""Each student's next home-visit due date, kept in care.VisitDue so that the plan and the overview are one indexed
query instead of the whole school's plan computed in Python on every request (issue 21).

What a row holds is what plan.py's rule gives on the day it was computed: the last visit, the tier (the group
with the smallest interval among the tags in effect, or the school default), last visit + interval. It is kept:

- on every save or delete of a home visit or a tag (post_save/post_delete below: the services, the admin, any
  code that saves one), and for the whole school when a group is saved (its interval or name changed);
- when it goes stale: a tag stops tiering the day after its review date (`stale_from`), and the school default
  comes from the settings, so `refresh_stale` recomputes the rows of either kind before the plan is read (one
  indexed query when nothing is stale), and the daily job `visit_due_task` recomputes every school's rows;
- a bulk write (the demo) calls `refresh_school` itself.

A student with neither a visit nor a tag in effect has no row: never visited and untagged, due today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from ..models import HomeVisit, SpecialGroup, StudentTag, TagStatus, VisitDue


def refresh(school_id: int, student_ids: Iterable[int] | None = None, on: dt.date | None = None) -> int:
    """Recompute the rows of these students of the school (all of its students when None) as of `on` (today);
    rows of students with neither a visit nor a tag in effect are removed. Idempotent; returns the rows kept."""
    from .plan import default_visit_days

    on = on or timezone.localdate()
    default = default_visit_days()
    if student_ids is None:
        scope = Q(student__school_id=school_id)
    else:
        ids = sorted(set(student_ids))
        if not ids:
            return 0
        scope = Q(student_id__in=ids)
    last = dict(HomeVisit.objects.filter(scope).order_by().values_list("student_id")
                .annotate(last=Max("visited_on")))
    tiers: dict[int, tuple[int | None, int]] = {}
    first_review: dict[int, dt.date] = {}
    for sid, group_id, days, review_on in (
            StudentTag.objects.filter(scope, review_on__gte=on).exclude(status=TagStatus.CLOSED)
            .order_by("group__visit_every_days", "group__order", "group_id")
            .values_list("student_id", "group_id", "group__visit_every_days", "review_on")):
        tiers.setdefault(sid, (group_id, days))  # the smallest interval first, as plan.py orders them
        first_review[sid] = min(first_review.get(sid, review_on), review_on)
    rows = []
    for sid in set(last) | set(tiers):
        tier, interval = tiers.get(sid, (None, default))
        last_visit = last.get(sid)
        review = first_review.get(sid)
        rows.append(VisitDue(
            student_id=sid, school_id=school_id, last_visit=last_visit, group_id=tier, interval=interval,
            next_due=last_visit + dt.timedelta(days=interval) if last_visit else None,
            stale_from=review + dt.timedelta(days=1) if review else None, computed_on=on))
    keep = [r.student_id for r in rows]
    gone = VisitDue.objects.filter(scope).exclude(student_id__in=keep) if len(keep) < 5000 else None
    if gone is None:  # a big school: "not in" thousands of ids is slower than deleting them all first
        VisitDue.objects.filter(scope).delete()
    else:
        gone.delete()
    VisitDue.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["student"],
        update_fields=["school", "last_visit", "group", "interval", "next_due", "stale_from", "computed_on"])
    return len(rows)


def refresh_school(school_id: int, on: dt.date | None = None) -> int:
    return refresh(school_id, None, on)


def stale_filter(on: dt.date) -> Q:
    """Rows that no longer say what plan.py's rule gives on `on`: a tag in effect when computed has passed its
    review date, the school default changed, or computed on a later day (the clock went back)."""
    from .plan import default_visit_days

    return (Q(stale_from__lte=on) | Q(computed_on__gt=on)
            | (Q(group__isnull=True) & ~Q(interval=default_visit_days())))


def refresh_stale(school_id: int, on: dt.date | None = None) -> int:
    """Recompute the school's stale rows (usually none: one indexed query); returns how many were stale."""
    on = on or timezone.localdate()
    stale = list(VisitDue.objects.filter(school_id=school_id).filter(stale_filter(on))
                 .values_list("student_id", flat=True))
    if stale:
        refresh(school_id, stale, on)
    return len(stale)


def refresh_all(on: dt.date | None = None) -> dict[int, int]:
    """Every school's rows recomputed (the daily job; a safety net, cheap and idempotent)."""
    from xinhuo.core.models import School

    return {pk: refresh_school(pk, on) for pk in School.objects.values_list("pk", flat=True)}


# --- kept on every write ----------------------------------------------------------------------------------------


@receiver(post_save, sender=HomeVisit, dispatch_uid="care_visit_due_visit_saved")
@receiver(post_save, sender=StudentTag, dispatch_uid="care_visit_due_tag_saved")
def _student_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture carries its own rows
        return
    refresh(instance.school_id, [instance.student_id])


@receiver(post_delete, sender=HomeVisit, dispatch_uid="care_visit_due_visit_deleted")
@receiver(post_delete, sender=StudentTag, dispatch_uid="care_visit_due_tag_deleted")
def _student_row_deleted(sender, instance, **kwargs) -> None:
    # after the commit: in a student's (or school's) cascade the student is gone by then and nothing is written;
    # recomputing at once could insert a row for the student being deleted
    school_id, student_id = instance.school_id, instance.student_id
    transaction.on_commit(lambda: refresh(school_id, [student_id]))


@receiver(post_save, sender=SpecialGroup, dispatch_uid="care_visit_due_group_saved")
def _group_saved(sender, instance: SpecialGroup, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or created:  # a new group has no tags yet
        return
    refresh(instance.school_id, StudentTag.objects.filter(group=instance).values_list("student_id", flat=True))
