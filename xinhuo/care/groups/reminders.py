"""The groups part's daily reminders (care.reminders.KINDS): birthdays of cared-for students, to their head
teachers (emotional support); once a week, the special-group tags to review."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.access import roles_with
from xinhuo.core.models import School, User
from xinhuo.core.reminders import Reminder
from xinhuo.core.services import recipients_for_roles

from . import selectors

# Each head teacher hears of the birthdays, today and in the next two days, of their classes' students who are in
# a special group or have an active mentoring pair (selectors.birthday_items); the reminders page lists the
# festivals and links each row to recording the greeting as an emotional support measure.
BIRTHDAY_NOTICE_DAYS = 3


def birthdays(school: School, today: dt.date) -> list[Reminder]:
    from xinhuo.core.models import Membership, Role

    items = selectors.birthday_items(school, today, days=BIRTHDAY_NOTICE_DAYS)
    if not items:
        return []
    by_class: dict[int, list] = {}
    for s in items:
        by_class.setdefault(s.school_class_id, []).append(s)
    heads: dict[int, tuple[User, list]] = {}
    for row in (Membership.classes.through.objects
                .filter(membership__school=school, membership__role=Role.HEAD_TEACHER, schoolclass_id__in=by_class)
                .select_related("membership__user").order_by("membership__user_id", "schoolclass_id")):
        user = row.membership.user
        heads.setdefault(user.pk, (user, []))[1].extend(by_class[row.schoolclass_id])

    def line(s) -> str:
        when = _("today") if s.birthday == today else s.birthday.strftime("%m-%d")
        return _("%(student)s (%(class)s) · birthday %(when)s, turns %(age)d") % {
            "student": s.name, "class": s.school_class, "when": when, "age": s.turns}

    day, link = today.isoformat(), core_reminders.link("care:reminders")
    out = []
    for user_id, (user, students) in heads.items():
        students.sort(key=lambda s: (s.birthday, s.student_no))
        out.append(Reminder(
            "birthdays", f"birthdays:{user_id}:{day}",
            ngettext("%(n)d birthday coming up: send your wishes", "%(n)d birthdays coming up: send your wishes",
                     len(students)) % {"n": len(students)},
            [line(s) for s in students], link, [user]))
    return out


REVIEW_NOTICE_DAYS = 7


def reviews(school: School, today: dt.date) -> list[Reminder]:
    """Once a week (the ISO week in the key), each head teacher hears of their classes' special-group tags to
    review within REVIEW_NOTICE_DAYS or already expired, and the counsellors and the director of the school's; a
    tag from screening only the counsellors (its detail is theirs: rules.view_tag_detail)."""
    from xinhuo.core.models import Membership, Role

    from ..models import StudentTag, TagSource, TagStatus

    due = list(StudentTag.objects.filter(school=school, review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS))
               .exclude(status=TagStatus.CLOSED).select_related("student__school_class__grade", "group")
               .order_by("review_on", "pk"))
    if not due:
        return []
    year, week, _weekday = today.isocalendar()
    stamp, link = f"{year}-W{week:02d}", core_reminders.link("care:tags")

    def line(t) -> str:
        state = _("expired on %(date)s") if t.review_on < today else _("review by %(date)s")
        return f"{t.student.name} ({t.student.school_class}) · {t.group.name} · " + state % {
            "date": t.review_on.isoformat()}

    def notice(key: str, tags: list, users: list[User]) -> Reminder:
        return Reminder("reviews", key, ngettext("%(n)d special-group tag to review", "%(n)d special-group tags to "
                                                 "review", len(tags)) % {"n": len(tags)},
                        [line(t) for t in tags], f"{link}?due=review" if link else "", users)

    # a tag from screening is the counsellors' to review (rules.manage_tag): named to them alone
    counsellors = recipients_for_roles(school, roles_with("special_groups.screening"))
    heard = {u.pk for u in counsellors}
    others = [u for u in recipients_for_roles(school, roles_with("special_groups.manage_all")) if u.pk not in heard]
    plain = [t for t in due if t.source != TagSource.SCREENING]
    out = [notice(f"reviews:{whom}:{stamp}", tags, users)
           for whom, tags, users in (("school", due, counsellors), ("committee", plain, others)) if tags and users]
    by_class: dict[int, list] = {}
    for t in plain:
        by_class.setdefault(t.student.school_class_id, []).append(t)
    heads: dict[int, tuple[User, list]] = {}
    for row in (Membership.classes.through.objects
                .filter(membership__school=school, membership__role=Role.HEAD_TEACHER, schoolclass_id__in=by_class)
                .select_related("membership__user").order_by("membership__user_id", "schoolclass_id")):
        heads.setdefault(row.membership.user_id, (row.membership.user, []))[1].extend(by_class[row.schoolclass_id])
    out += [notice(f"reviews:{user_id}:{stamp}", tags, [user]) for user_id, (user, tags) in heads.items()]
    return out
