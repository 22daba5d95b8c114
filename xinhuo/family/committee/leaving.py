"""What the committee part closes when students leave during the year (AppManifest.student_left): a transfer out,
or leaving school. For the given students of the school, on the day `on`, with the `note` (the reason):

- the committee seats of their guardians end, for each committee where the guardian no longer has a child at school
  (a class committee: in that class; a grade committee: in that grade; the school's: in the school);
- their guardians' mutual-help memberships end when the guardian has no child left at school.

The students being listed count as gone whatever their status says yet. A constant number of queries whatever the
number of students. Returns the lines saying what was done (no names: a mutual-help membership tells a family's
situation)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from xinhuo.core.registry import RolloverLine
from xinhuo.people import selectors as people

from .models import CommitteeLevel, CommitteeSeat, MutualHelpMember

APP = "family"
NOTE_MAX = 200


def student_left(school_id: int, student_ids: Iterable[int], on: dt.date, note: str,
                 actor_user_id: int | None) -> list[RolloverLine]:
    ids = frozenset(student_ids)
    if not ids:
        return []
    guardian_ids = set(people.guardians_of_students(
        people.students_of_school(school_id).filter(pk__in=ids).values("pk")).values_list("pk", flat=True))
    if not guardian_ids:
        return []
    note = ((note or "").strip() or _("Their child left the school."))[:NOTE_MAX]
    # where each guardian still has a child at school (the leaving ones excluded)
    classes: dict[int, set[int]] = defaultdict(set)
    grades: dict[int, set[int]] = defaultdict(set)
    at_school: set[int] = set()
    rows = people.enrolled_students_of_school(school_id).exclude(pk__in=ids).filter(
        guardian_links__guardian_id__in=guardian_ids).values_list(
        "guardian_links__guardian_id", "school_class_id", "school_class__grade_id")
    for guardian_id, class_id, grade_id in rows:
        at_school.add(guardian_id)
        classes[guardian_id].add(class_id)
        grades[guardian_id].add(grade_id)
    ending = []
    for seat in CommitteeSeat.objects.filter(committee__school_id=school_id, guardian_id__in=guardian_ids,
                                             ended_on__isnull=True).select_related("committee"):
        c, g = seat.committee, seat.guardian_id
        stays = (c.school_class_id in classes[g] if c.level == CommitteeLevel.CLASS
                 else c.grade_id in grades[g] if c.level == CommitteeLevel.GRADE else g in at_school)
        if not stays:
            ending.append(seat.pk)
    lines: list[RolloverLine] = []
    with transaction.atomic():
        if ending:
            # a seat cannot end before its term starts: such a seat ends on its first day
            CommitteeSeat.objects.filter(pk__in=ending, term_from__gt=on).update(ended_on=F("term_from"),
                                                                                  end_note=note)
            CommitteeSeat.objects.filter(pk__in=ending, ended_on__isnull=True).update(ended_on=on, end_note=note)
            lines.append(RolloverLine(APP, _("Parent committee seats ended"), len(ending)))
        members = MutualHelpMember.objects.filter(group__school_id=school_id, left_on__isnull=True,
                                                  guardian_id__in=guardian_ids - at_school)
        count = members.filter(joined_on__gt=on).update(left_on=F("joined_on"))  # joined after: leaves that day
        count += members.filter(joined_on__lte=on).update(left_on=on)
        if count:
            lines.append(RolloverLine(APP, _("Mutual-help group memberships ended"), count))
    return lines
