"""What the care app closes when students leave during the year (issue 19; AppManifest.student_left): a transfer
out, or leaving school. For the given students of the school, on the day `on`, with the `note` (the reason):

- their open mentoring pairs end on that day (as the mentee or as a peer mentor), the note as the pair's summary;
  the mentors with an account hear of it in one notice;
- their open special-group tags close, a history step each with the note, by the acting user; their home-visit
  due dates are recomputed;
- their open follow-up items are listed for their owners (closing one needs its outcome), not closed.

The same steps as the year's rollover (rollover.py). A constant number of queries whatever the number of students.
Returns the lines saying what was done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from xinhuo.core.registry import RolloverLine

from .rollover import APP, close_tags, end_pairs, follow_up_line, tell_mentors


def students_left(school_id: int, student_ids: Iterable[int], on: dt.date, note: str,
                  actor_user_id: int | None) -> list[RolloverLine]:
    ids = frozenset(student_ids)
    if not ids:
        return []
    note = (note or "").strip()
    comment = (note or _("The student left the school."))[:2000]  # a tag step's comment holds 2,000 characters
    lines: list[RolloverLine] = []
    pairs = end_pairs(school_id, ids, on, summary=comment)
    if pairs:
        tell_mentors(school_id, pairs, _("A mentee of yours has left the school"),
                     _("The mentoring pair ended on %(date)s: %(note)s") % {"date": on.isoformat(), "note": comment})
        lines.append(RolloverLine(APP, _("Mentoring pairs ended"), len(pairs)))
    tags = close_tags(school_id, ids, comment, actor_user_id)
    if tags["tags"]:
        lines.append(RolloverLine(APP, _("Special-group tags closed"), len(tags["tags"])))
    if line := follow_up_line(school_id, ids):
        lines.append(line)
    return lines
