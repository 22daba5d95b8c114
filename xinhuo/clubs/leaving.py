"""What the clubs close when students leave during the year (issue 19; AppManifest.student_left): their
memberships end on the day they leave (a waiting request to join is declined). ClubMembership keeps no one who
ended it; the line returned says what was done. Three queries whatever the number of students."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from xinhuo.core.registry import RolloverLine

from .rollover import end_memberships, membership_line


def students_left(school_id: int, student_ids: Iterable[int], on: dt.date, note: str,
                  actor_user_id: int | None) -> list[RolloverLine]:
    ids = frozenset(student_ids)
    if not ids:
        return []
    line = membership_line(school_id, ids, _("Club memberships ended"))
    if line is None:
        return []
    end_memberships(school_id, ids, on)
    return [line]
