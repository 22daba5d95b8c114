"""What the activities close when students leave during the year (issue 19; AppManifest.student_left): their places
at the activities not yet held are given up, as services.signup_cancel does it (a place on the list or on the waiting
list; a check-in stays), and whoever waits moves up into the places freed (services._promote_waiting: in order of
signing up, each told by its notice).

"Not yet held": an activity still open to sign-up changes (approved or running) that begins after the day the
student leaves and has not begun yet; the activities before, and the student's part in them, stay as they were.

The sign-ups are cancelled in one update whatever the number of students; the waiting lists are read per activity
concerned (usually one or two for a student). SignUp keeps no one who cancelled it: the audit's actor is the user
who recorded the leaving (acting). Returns the lines saying what was done.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.audit import acting
from xinhuo.core.models import User
from xinhuo.core.registry import RolloverLine

from .models import Activity, SignUp, SignUpStatus
from .services import SIGNUP_STATUSES, _promote_waiting

APP = "activities"


def not_yet_held_after(on: dt.date) -> dt.datetime:
    """The first moment an activity counts as after a student's leaving day: the next day's start, or now."""
    next_day = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    return max(next_day, timezone.now())


@transaction.atomic
def students_left(school_id: int, student_ids: Iterable[int], on: dt.date, note: str,
                  actor_user_id: int | None) -> list[RolloverLine]:
    ids = sorted(set(student_ids))
    if not ids:
        return []
    rows = list(SignUp.objects.filter(
        activity__school_id=school_id, student_id__in=ids, status__in=(SignUpStatus.SIGNED_UP, SignUpStatus.WAITING),
        checked_in_at__isnull=True, activity__status__in=SIGNUP_STATUSES,
        activity__starts_at__gte=not_yet_held_after(on)).values_list("pk", "activity_id", "status",
                                                                      "activity__title"))
    if not rows:
        return []
    user = User.objects.filter(pk=actor_user_id).first() if actor_user_id else None
    freed = sorted({activity for _pk, activity, status, _t in rows if status == SignUpStatus.SIGNED_UP})
    promoted = 0
    with acting(user):
        # the activities whose places change are locked first, as signup_cancel locks its activity
        activities = list(Activity.objects.select_for_update(of=("self",)).filter(pk__in=freed).order_by("pk"))
        SignUp.objects.filter(pk__in=[r[0] for r in rows]).update(status=SignUpStatus.CANCELLED)
        for activity in activities:
            promoted += len(_promote_waiting(activity))
    titles = Counter(title for _pk, _a, _s, title in rows)
    lines = [RolloverLine(APP, _("Sign-ups for activities not yet held cancelled"), len(rows),
                          tuple(f"{title}: {n}" for title, n in titles.most_common(20)))]
    if promoted:
        lines.append(RolloverLine(APP, _("Moved up from the waiting list into the places freed"), promoted))
    return lines
