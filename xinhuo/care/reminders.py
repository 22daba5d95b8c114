"""Daily reminders about the care for students (MEN-3, and the emotional support of STU-3), like the elders'.

Once a day, per school, each registered kind (KINDS) collects its notices:
- "contacts": mentoring pairs overdue for contact against their plan (the last contact, or the start before any,
  + contact_every_days is before today): one notice to each mentor with an account about their own pairs, and one
  to the committee (director, leaders, counsellors) listing them all.
- "birthdays": birthdays of cared-for students in the next days, to their head teachers;
- "reviews": once a week, special-group tags to review within 7 days or expired, to the class's head teacher
  and to the director and the counsellors;
- "follow_ups": a follow-up item past its due date, once, to its owner (or its creator).
A kind is added with `@register("<kind>")`.

What was sent is written down (core.reminders.deliver) as a key prefixed "care:" (kind + day), so running the job
twice on one day — a restart, a second server, the command typed by hand — sends nothing the second time.
`python -m xinhuo serve` runs the job once a day in its task worker (care.tasks.care_reminders_task);
`python -m xinhuo care_reminders` runs it by hand or from cron.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School, User
from xinhuo.core.reminders import Reminder, deliver
from xinhuo.core.services import recipients_for_roles

from . import selectors
from .rules import MENTORING_MANAGERS

PREFIX = "care:"
Collector = Callable[[School, dt.date], list[Reminder]]
# kind -> the function collecting its reminders for a school and a day (nothing written); in registration order
KINDS: dict[str, Collector] = {}


def register(kind: str) -> Callable[[Collector], Collector]:
    """Add a kind of reminder; its reminders' keys must be unique per day (the day in the key) and are prefixed
    "care:" when stored."""
    def decorator(fn: Collector) -> Collector:
        KINDS[kind] = fn
        return fn
    return decorator


def committee(school: School) -> list[User]:
    """Who hears of the care for students: the director, the school leaders and the counsellors."""
    return recipients_for_roles(school, MENTORING_MANAGERS)


# --- contacts (mentoring part): mentoring pairs overdue for contact


@register("contacts")
def contacts(school: School, today: dt.date) -> list[Reminder]:
    day = today.isoformat()
    pairs = selectors.overdue_pairs(school, today)
    if not pairs:
        return []

    def line(p) -> str:
        return _("%(mentor)s → %(student)s (%(class)s) · %(days)d days overdue") % {
            "mentor": p.mentor.name, "student": p.student.name, "class": p.student.school_class,
            "days": p.overdue_days}

    link = core_reminders.link("care:pairs")
    out = [Reminder(
        "contacts", f"contacts:{day}",
        ngettext("%(n)d mentoring pair overdue for contact", "%(n)d mentoring pairs overdue for contact", len(pairs))
        % {"n": len(pairs)},
        [line(p) for p in pairs], f"{link}?status=overdue" if link else "", committee(school))]
    by_mentor: dict[int, list] = {}
    for p in pairs:
        by_mentor.setdefault(p.mentor_id, []).append(p)
    for mentor_id, mine in by_mentor.items():
        mentor = mine[0].mentor
        person = mentor.elder or mentor.staff or mentor.peer
        user = getattr(person, "user", None) if person is not None else None
        if user is None:  # a volunteer, or a person without an account: the committee's notice covers them
            continue
        out.append(Reminder(
            "contacts", f"contacts:mentor:{mentor_id}:{day}",
            _("Time to get in touch with your mentee") if len(mine) == 1
            else _("Time to get in touch with your mentees"),
            [_("%(student)s · last contact %(days)d days ago") % {
                "student": p.student.name, "days": (today - (p.last_contact or p.started_on)).days} for p in mine],
            core_reminders.link("care:mentees"), [user]))
    return out


# --- end contacts
# --- birthdays (groups part: emotional support, birthday wishes and holiday greetings)
# Each head teacher hears of the birthdays, today and in the next two days, of their classes' students who are in
# a special group or have an active mentoring pair (selectors.birthday_items); the reminders page lists the
# festivals and links each row to recording the greeting as an emotional support measure.
BIRTHDAY_NOTICE_DAYS = 3


@register("birthdays")
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
# --- end birthdays
# --- reviews and follow-ups (lead): tags to review this week, follow-up items past their due date
REVIEW_NOTICE_DAYS = 7


@register("reviews")
def reviews(school: School, today: dt.date) -> list[Reminder]:
    """Once a week (the ISO week in the key), each head teacher hears of their classes' special-group tags to
    review within REVIEW_NOTICE_DAYS or already expired, and the counsellors and the director of the school's."""
    from xinhuo.core.models import Membership, Role

    from .models import StudentTag, TagStatus

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

    out = [notice(f"reviews:school:{stamp}", due, recipients_for_roles(school, (Role.DIRECTOR, Role.COUNSELLOR)))]
    by_class: dict[int, list] = {}
    for t in due:
        by_class.setdefault(t.student.school_class_id, []).append(t)
    heads: dict[int, tuple[User, list]] = {}
    for row in (Membership.classes.through.objects
                .filter(membership__school=school, membership__role=Role.HEAD_TEACHER, schoolclass_id__in=by_class)
                .select_related("membership__user").order_by("membership__user_id", "schoolclass_id")):
        heads.setdefault(row.membership.user_id, (row.membership.user, []))[1].extend(by_class[row.schoolclass_id])
    out += [notice(f"reviews:{user_id}:{stamp}", tags, [user]) for user_id, (user, tags) in heads.items()]
    return out


@register("follow_ups")
def follow_ups(school: School, today: dt.date) -> list[Reminder]:
    """Each follow-up item past its due date and still open: once, to its owner (or, without one, its creator)."""
    from .models import FollowUp, FollowUpStatus

    items = (FollowUp.objects.filter(school=school, status=FollowUpStatus.OPEN, due_on__lt=today)
             .select_related("owner", "created_by", "home_visit__student", "forum").order_by("due_on", "pk"))
    link = core_reminders.link("care:follow-ups")
    out = []
    for item in items:
        user = item.owner or item.created_by
        if user is None:
            continue
        if item.home_visit is not None:
            source = _("home visit to %(student)s") % {"student": item.home_visit.student.name}
        else:
            source = _("forum “%(title)s”") % {"title": item.forum.title if item.forum else ""}
        out.append(Reminder(
            "follow_ups", f"follow_up:{item.pk}:overdue", _("A follow-up item is past its due date"),
            [_("%(text)s · from the %(source)s · due %(date)s") % {
                "text": item.text, "source": source, "date": item.due_on.isoformat() if item.due_on else ""}],
            f"{link}?mine=1" if link else "", [user]))
    return out
# --- end reviews and follow-ups


def collect(school: School, today: dt.date, kinds: list[str] | None = None) -> list[Reminder]:
    """Every reminder due for the school today (nothing is written); keys prefixed "care:"."""
    out: list[Reminder] = []
    for kind, fn in KINDS.items():
        if kinds is not None and kind not in kinds:
            continue
        for r in fn(school, today):
            if not r.key.startswith(PREFIX):
                r.key = PREFIX + r.key
            out.append(r)
    return out


def send(school: School, today: dt.date | None = None, kinds: list[str] | None = None) -> list[Reminder]:
    """Send the school's reminders of the day that were not sent yet; returns those sent now."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return deliver(school, today, collect(school, today, kinds))


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    """Every school's care reminders; {school code: [keys sent]}."""
    return core_reminders.send_all(send, today, schools)
