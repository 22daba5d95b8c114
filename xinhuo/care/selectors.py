"""Reads of the care app, already scoped to the actor (see rules.py for the matching predicates)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role, SchoolClass
from xinhuo.core.selectors import current_year
from xinhuo.people.models import Student

from .models import (
    FollowUp,
    FollowUpStatus,
    Forum,
    GrowthEntry,
    GrowthKind,
    HomeVisit,
    Mentor,
    MentoringPair,
    SpecialGroup,
    StudentTag,
    StudyAttendance,
    StudyEnrolment,
    StudyProgram,
    StudySession,
    SupportKind,
    SupportMeasure,
    TagSource,
    TagStatus,
)
from .rules import (
    COMMITTEE_CARE,
    FORUM_MANAGERS,
    GROWTH_SCHOOL_WIDE,
    MANAGE_ALL_TAGS,
    MENTORING_MANAGERS,
    SEE_ALL_TAGS,
    STUDY_MANAGERS,
    can,
)


def _class_scope(actor: Actor, qs: QuerySet[StudentTag], school_wide: tuple[str, ...]) -> QuerySet[StudentTag]:
    if actor.has_role(*school_wide):
        return qs
    cond = Q(pk__in=[])
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        cond |= Q(student__school_class_id__in=actor.class_ids)
    return qs.filter(cond)


def tags(actor: Actor) -> QuerySet[StudentTag]:
    """The special-group tags the actor may see (rules.view_tag), any status; 404 for roles that never see tags."""
    actor.require("special_groups.view")
    qs = StudentTag.objects.filter(school=actor.school).select_related(
        "student__school_class", "group").order_by("review_on", "pk")
    return _class_scope(actor, qs, SEE_ALL_TAGS)


def manageable_tags(actor: Actor) -> QuerySet[StudentTag]:
    """The tags the actor may identify and follow up (rules.manage_tag)."""
    actor.require("special_groups.manage")
    return _class_scope(actor, tags(actor), MANAGE_ALL_TAGS)


def tags_in_effect(actor: Actor, on: dt.date | None = None) -> QuerySet[StudentTag]:
    """Open tags whose review date has not passed on `on` (today by default)."""
    on = on or timezone.localdate()
    return tags(actor).exclude(status=TagStatus.CLOSED).filter(review_on__gte=on)


def tags_due_for_review(actor: Actor, within_days: int = 30, on: dt.date | None = None) -> QuerySet[StudentTag]:
    """Open tags to review within `within_days` of `on`, and those already expired (review date passed)."""
    on = on or timezone.localdate()
    return tags(actor).exclude(status=TagStatus.CLOSED).filter(review_on__lte=on + dt.timedelta(days=within_days))


def tags_expired(actor: Actor, on: dt.date | None = None) -> QuerySet[StudentTag]:
    """Open tags whose review date has passed without a renewal."""
    on = on or timezone.localdate()
    return tags(actor).exclude(status=TagStatus.CLOSED).filter(review_on__lt=on)


def tag_history(tag: StudentTag) -> QuerySet:
    """The kept history of a tag the caller may already see."""
    return tag.history.select_related("by").order_by("at", "pk")


def special_groups(actor: Actor) -> QuerySet[SpecialGroup]:
    """The school's active special groups, in order (the defaults created on first use)."""
    from .services import special_groups_for

    actor.require("special_groups.view")
    special_groups_for(actor.school)
    return SpecialGroup.objects.filter(school=actor.school, active=True).order_by("order", "pk")


# --- scopes shared by the parts ----------------------------------------------------------------------------------


def student_scope(actor: Actor, school_wide: tuple[str, ...] = COMMITTEE_CARE, prefix: str = "student__") -> Q:
    """A filter on a student-linked queryset: everything for the school-wide roles, the classes of a head teacher,
    nothing otherwise. `prefix` leads from the queryset's model to the Student ("" on Student itself).
    "Everything" is the empty Q(): filter or AND with it, never OR (Q() | Q(x) is Q(x), not "everything")."""
    if actor.has_role(*school_wide):
        return Q()
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        return Q(**{f"{prefix}school_class_id__in": actor.class_ids})
    return Q(pk__in=[])


def students_in_care(actor: Actor) -> QuerySet[Student]:
    """Enrolled students of the school whose care the actor follows (rules.care_for_student)."""
    return (Student.objects.filter(school=actor.school, status=Student.Status.ENROLLED)
            .filter(student_scope(actor, prefix="")).select_related("school_class__grade"))


def my_mentor_ids(actor: Actor) -> frozenset[int]:
    """The actor's own growth-mentor records (as an elder, a teacher or a peer student), cached on the actor."""
    cached = actor.__dict__.get("_care_mentor_ids")
    if cached is None:
        user = actor.user.pk
        cached = frozenset(Mentor.objects.filter(school=actor.school).filter(
            Q(elder__user_id=user) | Q(staff__user_id=user) | Q(peer__user_id=user)).values_list("pk", flat=True))
        actor.__dict__["_care_mentor_ids"] = cached
    return cached


# --- support measures (STU-3)


def support_measures(actor: Actor) -> QuerySet[SupportMeasure]:
    """Support measures the actor may see (rules.view_support)."""
    actor.require("support.view")
    return (SupportMeasure.objects.filter(school=actor.school).filter(student_scope(actor))
            .select_related("student__school_class", "recorded_by"))


# --- mentoring pairs (MEN)


def pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """Mentoring pairs the actor may see (rules.view_pair): all for the mentoring managers, a head teacher's
    classes, and a mentor's own pairs."""
    actor.require("mentoring.view")
    qs = MentoringPair.objects.filter(school=actor.school)
    if not actor.has_role(*MENTORING_MANAGERS):  # (Q() | Q(x) would be Q(x): the managers' "all" is no filter)
        qs = qs.filter(student_scope(actor, MENTORING_MANAGERS) | Q(mentor_id__in=my_mentor_ids(actor)))
    return qs.select_related("mentor", "student__school_class")


# --- home visits (FAM-2), forums (STU-5) and their follow-up items


def home_visits(actor: Actor) -> QuerySet[HomeVisit]:
    """Home visits the actor may see (rules.view_home_visit)."""
    actor.require("home_visits.view")
    return (HomeVisit.objects.filter(school=actor.school).filter(student_scope(actor))
            .select_related("student__school_class", "recorded_by"))


def forums(actor: Actor) -> QuerySet[Forum]:
    actor.require("forums.view")
    return Forum.objects.filter(school=actor.school)


def follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    """Follow-up items the actor may see: those of visible home visits, forums' for whoever sees forums, and any
    item the actor owns."""
    cond = Q(owner_id=actor.user.pk)
    if actor.can("home_visits.view"):
        cond |= Q(home_visit__isnull=False) & student_scope(actor, prefix="home_visit__student__")
    if actor.can("forums.view"):
        cond |= Q(forum__isnull=False)
    return (FollowUp.objects.filter(school=actor.school).filter(cond)
            .select_related("home_visit__student__school_class", "forum", "owner", "student"))


def closable_follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    """Items the actor may close (rules.close_follow_up)."""
    cond = Q(owner_id=actor.user.pk)
    if actor.can("home_visits.record"):
        cond |= Q(home_visit__isnull=False) & student_scope(actor, prefix="home_visit__student__")
    if actor.has_role(*FORUM_MANAGERS):
        cond |= Q(forum__isnull=False)
    return FollowUp.objects.filter(school=actor.school).filter(cond)


# --- the study help desk and career guidance


def programs(actor: Actor) -> QuerySet[StudyProgram]:
    actor.require("study.view")
    return StudyProgram.objects.filter(school=actor.school).select_related("tutor")


# --- the growth record (STU-1)


def growth_students(actor: Actor) -> QuerySet[Student]:
    """Students whose growth record the actor may read (rules.view_growth)."""
    actor.require("growth.view")
    qs = Student.objects.filter(school=actor.school).select_related("school_class__grade")
    if actor.has_role(*GROWTH_SCHOOL_WIDE):  # (Q() | Q(x) would be Q(x): "all" must not be OR-ed)
        return qs
    cond = student_scope(actor, GROWTH_SCHOOL_WIDE, prefix="")
    own = {i for i in (actor.student_id, *actor.child_ids) if i}
    if own:
        cond |= Q(pk__in=own)
    return qs.filter(cond)


def editable_growth_entries(actor: Actor) -> QuerySet[GrowthEntry]:
    """Growth entries the actor may correct (rules.edit_growth_entry)."""
    actor.require("growth.record")
    qs = GrowthEntry.objects.filter(school=actor.school, source_ref="").select_related("student__school_class")
    if actor.has_role(*COMMITTEE_CARE):
        return qs
    return qs.filter(student_scope(actor), recorded_by_id=actor.user.pk)


# --- groups ---------------------------------------------------------------------------------------------------------
# special-group tags' lists, support measures for the growth record, emotional-support reminders (groups part)


def support_for_student(actor: Actor, student: Student) -> QuerySet[SupportMeasure]:
    """A student's support measures as staff see them (with the internal note), newest first; empty unless the
    actor may see that student's support (rules.view_support); Http404 for roles without support.view (parents,
    students, elders: give them support_received)."""
    return support_measures(actor).filter(student=student).order_by("-given_on", "-pk")


def support_received(student: Student) -> QuerySet:
    """What the family (and the student) may see of the support received, newest first, as rows (dicts) with pk,
    kind, kind_label (translated), given_on, provider, what and outcome — never the internal note, which is not
    among the values (so a template cannot reach it). The caller has checked that the viewer may read the
    student's growth record (rules.view_growth)."""
    kind_label = Case(*[When(kind=value, then=Value(str(label))) for value, label in SupportKind.choices],
                      default=Value(""), output_field=CharField())
    return (SupportMeasure.objects.filter(school_id=student.school_id, student=student)
            .annotate(kind_label=kind_label)
            .values("pk", "kind", "kind_label", "given_on", "provider", "what", "outcome")
            .order_by("-given_on", "-pk"))


def tag_list(actor: Actor, *, group: int | None = None, status: str = "", class_id: int | None = None,
             due: str = "", on: dt.date | None = None) -> QuerySet[StudentTag]:
    """The tags list page and API: rules.view_tag's scope, filtered by group, status, class, and `due` —
    "review" (open tags due for review within 30 days or expired) or "expired" (open, review date passed)."""
    if due == "review":
        qs = tags_due_for_review(actor, on=on)
    elif due == "expired":
        qs = tags_expired(actor, on=on)
    else:
        qs = tags(actor)
    if group:
        qs = qs.filter(group_id=group)
    if status:
        qs = qs.filter(status=status)
    if class_id:
        qs = qs.filter(student__school_class_id=class_id)
    return qs.select_related("student__school_class__grade", "group")


def tag_detail(actor: Actor, pk: int) -> StudentTag:
    """One tag the actor may see (rules.view_tag), 404 otherwise."""
    tag = tags(actor).select_related("identified_by", "student__school_class__grade").filter(pk=pk).first()
    if tag is None:
        raise Http404
    return tag


def taggable_students(actor: Actor) -> QuerySet[Student]:
    """Enrolled students the actor may identify as in a special group (rules.manage_tag's student side): the
    director and counsellors all of the school, a head teacher their classes."""
    actor.require("special_groups.manage")
    return (Student.objects.filter(school=actor.school, status=Student.Status.ENROLLED)
            .filter(student_scope(actor, MANAGE_ALL_TAGS, prefix="")).select_related("school_class__grade"))


def tag_classes(actor: Actor) -> QuerySet[SchoolClass]:
    """The classes a tag or support list may be filtered by: the school's, or a head teacher's own."""
    qs = SchoolClass.objects.filter(school=actor.school).select_related("grade")
    if not actor.has_role(*COMMITTEE_CARE):
        qs = qs.filter(pk__in=actor.class_ids)
    return qs.order_by("grade__level", "number", "pk")


def special_groups_all(actor: Actor) -> QuerySet[SpecialGroup]:
    """Every special group of the school, inactive ones too, each with `open_tags` (settings page; one query)."""
    from .services import special_groups_for

    actor.require("special_groups.configure")
    special_groups_for(actor.school)
    return (SpecialGroup.objects.filter(school=actor.school)
            .annotate(open_tags=Count("tags", filter=~Q(tags__status=TagStatus.CLOSED)))
            .order_by("order", "pk"))


def support_list(actor: Actor, *, kind: str = "", class_id: int | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, student: int | None = None, q: str = "") -> QuerySet[SupportMeasure]:
    """The support list page and API: rules.view_support's scope with the filters; one query per page."""
    qs = support_measures(actor).select_related("student__school_class__grade", "recorded_by")
    if kind:
        qs = qs.filter(kind=kind)
    if class_id:
        qs = qs.filter(student__school_class_id=class_id)
    if date_from:
        qs = qs.filter(given_on__gte=date_from)
    if date_to:
        qs = qs.filter(given_on__lte=date_to)
    if student:
        qs = qs.filter(student_id=student)
    if q:
        qs = qs.filter(Q(student__name__icontains=q) | Q(student__student_no=q))
    return qs.order_by("-given_on", "-pk")


def support_detail(actor: Actor, pk: int) -> SupportMeasure:
    measure = support_measures(actor).filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def editable_support(actor: Actor) -> QuerySet[SupportMeasure]:
    """Measures the actor may correct (rules.edit_support): the committee all, a head teacher what they recorded
    for their classes' students."""
    qs = support_measures(actor)
    if actor.has_role(*COMMITTEE_CARE):
        return qs
    return qs.filter(recorded_by_id=actor.user.pk)


# emotional support (情感帮扶): birthdays and festivals the system reminds of

BIRTHDAY_DAYS = 14
FESTIVAL_DAYS = 30


def _birthday_q(start: dt.date, days: int, prefix: str = "") -> Q:
    """Birth dates whose anniversary falls in [start, start + days): one OR of (month, day) pairs; a 29 February
    birthday is kept on 28 February in a common year."""
    cond = Q(pk__in=[])
    for n in range(days):
        day = start + dt.timedelta(days=n)
        cond |= Q(**{f"{prefix}birth_date__month": day.month, f"{prefix}birth_date__day": day.day})
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            cond |= Q(**{f"{prefix}birth_date__month": 2, f"{prefix}birth_date__day": 29})
    return cond


def next_birthday(born: dt.date, today: dt.date) -> dt.date:
    """The next anniversary of `born` on or after today (29 February → 28 February in a common year)."""
    for year in (today.year, today.year + 1):
        day = min(born.day, calendar.monthrange(year, born.month)[1])
        candidate = dt.date(year, born.month, day)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")


def _cared_for(qs: QuerySet[Student], on: dt.date) -> QuerySet[Student]:
    """Students in a special group (an open tag) or with an active mentoring pair, each with `in_group` and
    `has_mentor`."""
    open_tag = StudentTag.objects.filter(student=OuterRef("pk")).exclude(status=TagStatus.CLOSED)
    pair = MentoringPair.objects.filter(student=OuterRef("pk"), ended_on__isnull=True)
    return (qs.annotate(in_group=Exists(open_tag), has_mentor=Exists(pair))
            .filter(Q(in_group=True) | Q(has_mentor=True)))


def _with_birthdays(rows, today: dt.date) -> list[Student]:
    out = []
    for student in rows:
        student.birthday = next_birthday(student.birth_date, today)
        student.turns = student.birthday.year - student.birth_date.year
        out.append(student)
    out.sort(key=lambda s: (s.birthday, s.school_class.grade.level, s.school_class.number, s.student_no))
    return out


def upcoming_birthdays(actor: Actor, today: dt.date | None = None, days: int = BIRTHDAY_DAYS) -> list[Student]:
    """Birthdays in the next `days` days (today included) of the actor's students in care (rules.care_for_student)
    who are in a special group or have an active mentoring pair; each with `birthday`, `turns`, `in_group`,
    `has_mentor`; one query."""
    actor.require("support.view")
    today = today or timezone.localdate()
    qs = _cared_for(students_in_care(actor).filter(_birthday_q(today, days)), today)
    return _with_birthdays(qs, today)


def birthday_items(school, day: dt.date, days: int = 7) -> list[Student]:
    """School level, for the daily digest: enrolled students of the school in a special group or with an active
    mentoring pair whose birthday falls in the next `days` days; each with `birthday`, `turns`, and
    `school_class_id` for sending to the class's head teacher. Not scoped to an actor."""
    qs = (Student.objects.filter(school=school, status=Student.Status.ENROLLED).filter(_birthday_q(day, days))
          .select_related("school_class__grade"))
    return _with_birthdays(_cared_for(qs, day), day)


# Festivals for holiday greetings: fixed-date ones, and the lunar ones placed on the solar calendar by `lunardate`
# (years 1900–2099; `chinese-calendar` knows only official holiday ranges, not lunar dates).
FIXED_FESTIVALS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "元旦"),
    (6, 1, "六一儿童节"),
    (9, 10, "教师节"),
    (10, 1, "国庆节"),
)
LUNAR_FESTIVALS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "春节"),
    (5, 5, "端午节"),
    (8, 15, "中秋节"),
)


def festivals_of(year: int) -> list[tuple[dt.date, str]]:
    """The year's festivals for greetings, (date, name) in date order."""
    from lunardate import LunarDate

    found = [(dt.date(year, month, day), name) for month, day, name in FIXED_FESTIVALS]
    found += [(LunarDate(year, month, day).to_solar_date(), name) for month, day, name in LUNAR_FESTIVALS]
    return sorted(found)


def upcoming_festivals(today: dt.date | None = None, days: int = FESTIVAL_DAYS) -> list[tuple[dt.date, str]]:
    """Festivals from today to `days` days ahead, in date order: (date, name)."""
    today = today or timezone.localdate()
    end = today + dt.timedelta(days=days)
    return [(d, name) for year in (today.year, today.year + 1) for d, name in festivals_of(year) if today <= d <= end]
# --- end groups


# --- mentoring ---------------------------------------------------------------------------------------------------
# Growth mentors, the overdue logic of mentoring pairs, a mentor's own mentees (mentoring_views.py, reminders.py).


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

    from xinhuo.elders.models import Elder
    from xinhuo.elders.selectors import with_load

    actor.require("mentoring.manage")
    return (_with_pair_load(Mentor.objects.filter(school=actor.school, active=True))
            .select_related("staff", "peer__school_class__grade")
            .prefetch_related(Prefetch("elder", queryset=with_load(Elder.objects.all()).prefetch_related(
                "availability")))
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
    if actor.has_role(*MENTORING_MANAGERS):
        cond = Q()
    return pairs(actor).filter(cond)


def managed_pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """Pairs the actor may end (rules.manage_pair)."""
    if not actor.has_role(*MENTORING_MANAGERS):
        return MentoringPair.objects.none()
    return pairs(actor)


def guardian_phone_pairs(actor: Actor) -> QuerySet[MentoringPair]:
    """The actor's own open pairs as an elder or teacher mentor (rules.reveal_mentee_guardian_phone)."""
    from .rules import GUARDIAN_PHONE_MENTOR_KINDS

    return MentoringPair.objects.filter(school=actor.school, mentor_id__in=my_mentor_ids(actor),
                                        ended_on__isnull=True, mentor__kind__in=GUARDIAN_PHONE_MENTOR_KINDS)


def my_mentees(actor: Actor, today: dt.date | None = None) -> list[MentoringPair]:
    """The actor's open pairs as a mentor, with only what mentoring needs: the student's name and class, the
    needs, the plan, the last contact and `overdue_days`; `guardian` (the primary guardian) is prefetched for
    elder and teacher mentors only. A constant number of queries."""
    from django.db.models import Prefetch

    from xinhuo.people.models import StudentGuardian

    actor.require("mentoring.view")
    today = today or timezone.localdate()
    ids = my_mentor_ids(actor)
    if not ids:
        return []
    qs = (with_last_contact(MentoringPair.objects.filter(school=actor.school, mentor_id__in=ids,
                                                         ended_on__isnull=True))
          .select_related("mentor", "student__school_class__grade")
          .prefetch_related(Prefetch("student__guardian_links", to_attr="primary_links",
                                     queryset=StudentGuardian.objects.filter(is_primary=True).select_related("guardian")))
          .order_by("student__name", "pk"))
    out: list[MentoringPair] = list(qs)
    from .rules import GUARDIAN_PHONE_MENTOR_KINDS

    for p in out:
        p.overdue_days = pair_overdue_days(  # type: ignore[attr-defined]
            p.started_on, p.last_contact, p.contact_every_days, today)  # type: ignore[attr-defined]
        p.due_on = pair_due_on(p.started_on, p.last_contact, p.contact_every_days)  # type: ignore[attr-defined]
        links = p.student.primary_links  # type: ignore[attr-defined]
        p.may_call = p.mentor.kind in GUARDIAN_PHONE_MENTOR_KINDS and bool(links)  # type: ignore[attr-defined]
    out.sort(key=lambda p: (-p.overdue_days, p.student.name, p.pk))  # type: ignore[attr-defined]
    return out
# --- end mentoring


# --- overview: the committee's overview (figures) and the lists behind them -------------------------------------


OVERVIEW_FIGURES = ("tagged", "unpaired", "contact_overdue", "visit_overdue", "never_visited", "review_due")


def _tagged_in_scope(actor: Actor, on: dt.date) -> QuerySet[StudentTag]:
    """Open tags in effect of enrolled students whose care the actor follows (rules.view_tag ∩ care_for_student)."""
    return (tags_in_effect(actor, on).filter(student__status=Student.Status.ENROLLED)
            .filter(student_scope(actor, SEE_ALL_TAGS)))


def care_overview(actor: Actor, on: dt.date | None = None) -> dict:
    """The figures of the committee's overview, within the actor's scope; a fixed number of queries whatever
    the number of students (counts are grouped in the database, the visit plan is one scoped read)."""
    from django.db.models import Count, Exists, OuterRef

    from .visit_plan import DUE, OVERDUE, visit_plan

    actor.require("care.overview")
    on = on or timezone.localdate()
    groups = list(special_groups(actor))
    tagged = _tagged_in_scope(actor, on)
    by_group = dict(tagged.order_by().values_list("group_id").annotate(n=Count("student_id", distinct=True)))
    by_class: dict[int, dict] = {}
    for class_id, class_name, grade_name, group_id, n in (
            tagged.order_by().values_list("student__school_class_id", "student__school_class__name",
                                          "student__school_class__grade__name", "group_id")
            .annotate(n=Count("student_id", distinct=True))):
        row = by_class.setdefault(class_id, {"id": class_id, "name": f"{grade_name or ''}{class_name or ''}",
                                             "counts": {}, "students": 0})
        row["counts"][group_id] = n
    for class_id, n in (tagged.order_by().values_list("student__school_class_id")
                        .annotate(n=Count("student_id", distinct=True))):
        by_class[class_id]["students"] = n
    classes = sorted(by_class.values(), key=lambda r: r["name"])
    for row in classes:
        row["cells"] = [(g, row["counts"].get(g.pk, 0)) for g in groups]
    active_pair = MentoringPair.objects.filter(student_id=OuterRef("pk"), ended_on__isnull=True)
    tagged_students = (Student.objects.filter(pk__in=tagged.values("student_id"))
                       .annotate(paired=Exists(active_pair)).values_list("paired", flat=True))
    paired = list(tagged_students)
    pairs_in_scope = MentoringPair.objects.filter(school=actor.school).filter(student_scope(actor))
    plan = visit_plan(actor, on=on)
    open_items = follow_ups(actor).filter(status=FollowUpStatus.OPEN)
    follow_counts = open_items.order_by().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=on)))
    return {
        "on": on,
        "groups": [(g, by_group.get(g.pk, 0)) for g in groups],
        "classes": classes,
        "tagged": len(paired),
        "paired": sum(1 for p in paired if p),
        "unpaired": sum(1 for p in paired if not p),
        "contact_overdue": len(overdue_pair_ids(pairs_in_scope, on)),
        "visit_overdue": sum(1 for r in plan if r.status == OVERDUE),
        "visit_due_soon": sum(1 for r in plan if r.status == DUE),
        "never_visited": sum(1 for r in plan if r.last_visit is None),
        "follow_ups_open": follow_counts["open"],
        "follow_ups_overdue": follow_counts["overdue"],
        "review_due": tags_due_for_review(actor, on=on).filter(student_scope(actor, SEE_ALL_TAGS)).count(),
    }


def overview_students(actor: Actor, figure: str, *, group_id: int | None = None, class_id: int | None = None,
                      on: dt.date | None = None) -> list[dict]:
    """The students behind one figure of the overview, within the actor's scope: rows of
    {student, detail} (detail: the groups, the mentor and last contact, the last visit ...)."""
    from django.db.models import Exists, OuterRef

    from .visit_plan import OVERDUE, visit_plan

    actor.require("care.overview")
    on = on or timezone.localdate()
    if figure not in OVERVIEW_FIGURES:
        raise ValueError(figure)
    if figure in ("tagged", "unpaired"):
        tagged = _tagged_in_scope(actor, on)
        if group_id:
            tagged = tagged.filter(group_id=group_id)
        if class_id:
            tagged = tagged.filter(student__school_class_id=class_id)
        names: dict[int, list[str]] = {}
        for sid, name in tagged.order_by("group__order", "group_id").values_list("student_id", "group__name"):
            names.setdefault(sid, []).append(name)
        students = (Student.objects.filter(pk__in=names).select_related("school_class__grade")
                    .annotate(paired=Exists(MentoringPair.objects.filter(student_id=OuterRef("pk"),
                                                                         ended_on__isnull=True)))
                    .order_by("school_class__grade__level", "school_class__number", "student_no"))
        if figure == "unpaired":
            students = students.filter(paired=False)
        return [{"student": s, "groups": names[s.pk], "paired": s.paired} for s in students]
    if figure == "review_due":
        due = (tags_due_for_review(actor, on=on).filter(student_scope(actor, SEE_ALL_TAGS))
               .order_by("review_on", "pk"))
        return [{"student": t.student, "tag": t, "expired": t.review_on < on} for t in due]
    if figure == "contact_overdue":
        qs = MentoringPair.objects.filter(school=actor.school).filter(student_scope(actor))
        ids = overdue_pair_ids(qs, on)
        rows = (with_last_contact(MentoringPair.objects.filter(pk__in=ids))
                .select_related("mentor", "student__school_class__grade").order_by("started_on", "pk"))
        return [{"student": p.student, "pair": p, "last_contact": p.last_contact}  # type: ignore[attr-defined]
                for p in rows]
    from types import SimpleNamespace

    plan = visit_plan(actor, on=on, class_id=class_id)
    wanted = [r for r in plan if (r.status == OVERDUE if figure == "visit_overdue" else r.last_visit is None)]
    return [{"student": SimpleNamespace(pk=r.student_id, name=r.student_name, school_class=r.class_name), "plan": r}
            for r in wanted]
# --- end overview


# --- study: the study help desk and career guidance (STU-3), the growth record (STU-1) -----------------------------


def _count_of(model, link: str, **filters) -> Coalesce:
    """How many `model` rows point at the outer row through `link`, as one correlated subquery (several counts on
    one list would multiply each other as joins)."""
    inner = (model.objects.filter(**{link: OuterRef("pk")}, **filters).order_by().values(link)
             .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def family_student_ids(actor: Actor) -> frozenset[int]:
    """The students a student or a parent acts for: themself, their children."""
    if not actor.has_role(Role.STUDENT, Role.PARENT):
        return frozenset()
    return frozenset(i for i in (actor.student_id, *actor.child_ids) if i)


def study_programs(actor: Actor, *, kind: str = "") -> QuerySet[StudyProgram]:
    """The school's programmes (everyone with study.view), open ones first, each with `signed_up` and
    `session_count`; for a student or a parent, `family_enrolments` holds their own sign-ups (never others')."""
    qs = programs(actor).annotate(signed_up=_count_of(StudyEnrolment, "program"),
                                  session_count=_count_of(StudySession, "program"))
    if kind:
        qs = qs.filter(kind=kind)
    own = family_student_ids(actor)
    if own:
        qs = qs.prefetch_related(Prefetch(
            "enrolments", queryset=StudyEnrolment.objects.filter(student_id__in=own).select_related("student"),
            to_attr="family_enrolments"))
    return qs.order_by("-signup_open", "-created_at", "-pk")


def attendance_programs(actor: Actor) -> QuerySet[StudyProgram]:
    """Programmes whose sign-ups and attendance the actor keeps (rules.take_attendance): all for the study
    managers, a tutor's own programmes."""
    qs = programs(actor)
    if actor.has_role(*STUDY_MANAGERS):
        return qs
    return qs.filter(tutor_id__in=my_mentor_ids(actor))


def signup_students(actor: Actor) -> QuerySet[Student]:
    """The students the actor may sign up (rules.study_signup): a student themself, a parent their children."""
    return Student.objects.filter(school=actor.school, pk__in=family_student_ids(actor)).select_related(
        "school_class__grade").order_by("name", "pk")


def study_tutors(actor: Actor) -> QuerySet[Mentor]:
    """Active growth mentors of the school who may tutor a programme."""
    return Mentor.objects.filter(school=actor.school, active=True).order_by("kind", "name", "pk")


def program_enrolments(actor: Actor, program: StudyProgram, *, full: bool) -> QuerySet[StudyEnrolment]:
    """A programme's sign-ups: all of them when `full` (the caller checked rules.take_attendance), otherwise only
    the actor's own and their children's."""
    qs = (StudyEnrolment.objects.filter(program=program).select_related("student__school_class__grade")
          .order_by("student__school_class__grade__level", "student__school_class__number", "student__name", "pk"))
    return qs if full else qs.filter(student_id__in=family_student_ids(actor))


def enrolled_students(program: StudyProgram) -> QuerySet[Student]:
    """The students signed up for a programme (for those who keep its list)."""
    return Student.objects.filter(school_id=program.school_id, study_enrolments__program=program).select_related(
        "school_class__grade")


def program_sessions(program: StudyProgram) -> QuerySet[StudySession]:
    """A programme's sessions with `present_count`, in date order."""
    return StudySession.objects.filter(program=program).annotate(
        present_count=_count_of(StudyAttendance, "session", present=True)).order_by("held_on", "starts_at", "pk")


def program_session(actor: Actor, pk: int) -> StudySession:
    """A session of a programme whose attendance the actor keeps; 404 otherwise."""
    session = (StudySession.objects.select_related("program__tutor")
               .filter(pk=pk, program__in=attendance_programs(actor)).first())
    if session is None:
        raise Http404
    return session


def attendance_checklist(session: StudySession) -> list[dict]:
    """The signed-up students of the session's programme, each with their stored mark (True, False or None)."""
    marks = dict(StudyAttendance.objects.filter(session=session).values_list("student_id", "present"))
    return [{"student": e.student, "present": marks.get(e.student_id)}
            for e in StudyEnrolment.objects.filter(program_id=session.program_id)
            .select_related("student__school_class").order_by("student__school_class__number", "student__name")]


def growth_student_search(actor: Actor, *, q: str = "") -> QuerySet[Student]:
    """Students whose growth record the actor may read, matching a name, pinyin initials or a student number."""
    qs = growth_students(actor).order_by("school_class__grade__level", "school_class__number", "name", "pk")
    q = q.strip()
    if q:
        low = q.lower()
        qs = qs.filter(Q(name__contains=q) | Q(student_no__startswith=q) | Q(name_initials__startswith=low)
                       | Q(name_pinyin__startswith=low))
    return qs


def school_year_bounds(actor: Actor, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The current school year's first and last day; without one set up, 1 September to 31 August."""
    year = current_year(actor)
    if year is not None:
        return year.start, year.end
    on = on or timezone.localdate()
    first = on.year if on.month >= 9 else on.year - 1
    return dt.date(first, 9, 1), dt.date(first + 1, 8, 31)


@dataclass
class GrowthRecord:
    """A student's growth record as one viewer may see it. `screening` is None unless the viewer is a counsellor
    (rules.view_screening); `needs_attention` is None unless the viewer may see the student's tags."""

    student: Student
    family_view: bool
    entries: dict[str, list[GrowthEntry]]
    service_hours: Decimal
    year: tuple[dt.date, dt.date]
    programs: list  # StudyEnrolment rows with `attended` and `held`
    support: list[dict]
    mentors: list[MentoringPair]
    screening: list[StudentTag] | None = None
    needs_attention: bool | None = None


def growth_record(actor: Actor, student: Student, on: dt.date | None = None) -> GrowthRecord:
    """Everything on a student's growth record the actor may see, in a constant number of queries. The caller got
    `student` from growth_students(actor). Internal entries only for staff (rules.view_growth_internal); the
    family sees mentors' names only; the screening summary for counsellors, a needs-attention flag for others
    who may see the student's tags, neither for the family."""
    on = on or timezone.localdate()
    staff_view = can(actor, "view_growth_internal", student)
    entries_qs = GrowthEntry.objects.filter(school=actor.school, student=student).select_related("recorded_by")
    if not staff_view:
        entries_qs = entries_qs.filter(internal=False)
    entries: dict[str, list[GrowthEntry]] = {kind: [] for kind in GrowthKind.values}
    for entry in entries_qs.order_by("-on", "-pk"):
        entries[entry.kind].append(entry)
    start, end = school_year_bounds(actor, on)
    hours = sum((e.hours or Decimal(0) for e in entries[GrowthKind.SERVICE] if start <= e.on <= end), Decimal(0))
    joined = list(StudyEnrolment.objects.filter(student=student, program__school=actor.school)
                  .select_related("program").annotate(
                      attended=Coalesce(Subquery(
                          StudyAttendance.objects.filter(session__program=OuterRef("program"), student=student,
                                                         present=True)
                          .order_by().values("student").annotate(n=Count("pk")).values("n"),
                          output_field=IntegerField()), 0),
                      held=Coalesce(Subquery(
                          StudySession.objects.filter(program=OuterRef("program"), held_on__lte=on)
                          .order_by().values("program").annotate(n=Count("pk")).values("n"),
                          output_field=IntegerField()), 0))
                  .order_by("-created_at", "-pk"))
    mentors_qs = MentoringPair.objects.filter(school=actor.school, student=student, ended_on__isnull=True)
    if staff_view and actor.can("mentoring.view"):
        mentors_qs = pairs(actor).filter(student=student, ended_on__isnull=True)
    mentors = list(mentors_qs.select_related("mentor").order_by("started_on", "pk"))
    record = GrowthRecord(student=student, family_view=not staff_view, entries=entries, service_hours=hours,
                          year=(start, end), programs=joined, support=list(support_received(student)),
                          mentors=mentors)
    if staff_view and actor.can("special_groups.view"):
        from_screening = tags(actor).filter(student=student, source=TagSource.SCREENING)
        if can(actor, "view_screening", student):
            record.screening = list(from_screening.order_by("-identified_on", "-pk"))
        else:
            record.needs_attention = from_screening.exclude(status=TagStatus.CLOSED).exists()
    return record


# --- end study


# --- visits ---------------------------------------------------------------------------------------------------------
# home visits (FAM-2), forums (STU-5) and follow-up items: the lists behind the visits part's pages and API; the
# plan itself is visit_plan.visit_plan (one scoped read).


def home_visit_list(actor: Actor, *, student_id: int | None = None) -> QuerySet[HomeVisit]:
    """Home visits in scope (rules.view_home_visit), newest first, without their notes (a list never decrypts
    or shows them), with the number of open follow-up items."""
    qs = home_visits(actor).select_related("student__school_class__grade").defer("notes").annotate(
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN)))
    if student_id:
        qs = qs.filter(student_id=student_id)
    return qs.order_by("-visited_on", "-pk")


def home_visit_detail(actor: Actor, pk: int) -> HomeVisit:
    """One home visit in scope with its follow-up items; 404 otherwise. The caller logs the notes' view."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(home_visits(actor).prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "closed_by")
                 .order_by("status", "due_on", "pk"))), pk=pk)


def follow_up_owners(actor: Actor) -> QuerySet:
    """Who may own a follow-up item: the school's active staff accounts (not the technical admin)."""
    from xinhuo.core.access import STAFF_ROLES
    from xinhuo.core.models import User

    roles = [r for r in STAFF_ROLES if r != Role.ADMIN]
    return (User.objects.filter(is_active=True, memberships__school=actor.school, memberships__role__in=roles)
            .distinct().order_by("full_name", "username"))


FOLLOW_UP_SOURCES = ("home_visit", "forum")


def follow_up_list(actor: Actor, *, mine: bool = False, source: str = "", overdue: bool = False,
                   status: str = "", on: dt.date | None = None) -> QuerySet[FollowUp]:
    """Follow-up items in scope (selectors.follow_ups), open first, then by due date (none last): only the actor's
    own, only of one source ("home_visit" or "forum"), only the overdue ones (open, due date passed)."""
    on = on or timezone.localdate()
    qs = follow_ups(actor)
    if mine:
        qs = qs.filter(owner_id=actor.user.pk)
    if source == "home_visit":
        qs = qs.filter(home_visit__isnull=False)
    elif source == "forum":
        qs = qs.filter(forum__isnull=False)
    if status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=FollowUpStatus.OPEN, due_on__lt=on)
    return qs.annotate(open_first=Case(When(status=FollowUpStatus.OPEN, then=Value(0)), default=Value(1),
                                       output_field=IntegerField()),
                       no_due=Case(When(due_on__isnull=True, then=Value(1)), default=Value(0),
                                   output_field=IntegerField())
                       ).order_by("open_first", "no_due", "due_on", "-created_at", "-pk")


def forum_list(actor: Actor) -> QuerySet[Forum]:
    """The school's forums, newest first, with the number of student participants and of open items."""
    return forums(actor).annotate(
        student_count=Count("participants", distinct=True),
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN), distinct=True),
    ).order_by("-held_on", "-pk")


def forum_detail(actor: Actor, pk: int) -> Forum:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(forums(actor).select_related("recorded_by").prefetch_related(
        Prefetch("participants", queryset=Student.objects.select_related("school_class__grade")
                 .order_by("school_class__grade__level", "school_class__number", "student_no")),
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "closed_by")
                 .order_by("status", "due_on", "pk"))), pk=pk)


def forum_students(actor: Actor, keep=()) -> QuerySet[Student]:
    """The students a forum manager may list as participants: the school's enrolled students by class, and
    those in `keep` (a forum's participants who have left since)."""
    actor.require("forums.manage")
    return (Student.objects.filter(school=actor.school)
            .filter(Q(status=Student.Status.ENROLLED) | Q(pk__in=[getattr(s, "pk", s) for s in keep]))
            .select_related("school_class__grade")
            .order_by("school_class__grade__level", "school_class__number", "student_no"))
# --- end visits


# --- dashboard: what the home page shows of the care for students -----------------------------------------------


def dashboard_figures(actor: Actor, on: dt.date | None = None) -> dict:
    """The care figures on the actor's home page, each only for whom it concerns: a head teacher's overdue home
    visits (their classes), a mentor's open pairs and those overdue for contact, a family's growth records."""
    from .visit_plan import OVERDUE, visit_plan

    on = on or timezone.localdate()
    out: dict = {}
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids and not actor.has_role(*COMMITTEE_CARE):
        out["visits_overdue"] = sum(1 for r in visit_plan(actor, on=on) if r.status == OVERDUE)
    mentor_ids = my_mentor_ids(actor) if actor.can("mentoring.view") else frozenset()
    if mentor_ids:
        open_pairs = MentoringPair.objects.filter(school=actor.school, mentor_id__in=mentor_ids,
                                                  ended_on__isnull=True)
        out["mentees"] = open_pairs.count()
        out["mentees_overdue"] = len(overdue_pair_ids(open_pairs, on))
    if actor.can("growth.view") and (actor.student_id or actor.child_ids):
        out["growth"] = list(growth_students(actor).filter(pk__in={actor.student_id, *actor.child_ids})
                             .order_by("pk"))
    return out
# --- end dashboard
