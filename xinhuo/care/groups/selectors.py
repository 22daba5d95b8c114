"""Reads of the groups part, already scoped to the actor (rules.py holds the matching predicates): special-group
tags, the special groups, support measures, and the emotional support's birthdays and festivals."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role, SchoolClass
from xinhuo.people import selectors as people_selectors

from ..common import student_scope, students_in_care
from ..models import MentoringPair, SpecialGroup, StudentTag, SupportKind, SupportMeasure, TagSource, TagStatus

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def _class_scope(actor: Actor, qs: QuerySet[StudentTag], school_wide: str) -> QuerySet[StudentTag]:
    if actor.can(school_wide):
        return qs
    cond = Q(pk__in=[])
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        cond |= Q(student__school_class_id__in=actor.class_ids)
    return qs.filter(cond)


def tags(actor: Actor) -> QuerySet[StudentTag]:
    """The special-group tags the actor knows of (rules.view_tag), any status; 404 for roles that never see tags.
    A tag from screening is known to the others than the counsellors while it is open, as a need-attention flag:
    what it says is in tags_in_detail (rules.view_tag_detail)."""
    actor.require("special_groups.view")
    qs = StudentTag.objects.filter(school=actor.school).select_related(
        "student__school_class", "group").order_by("review_on", "pk")
    if not actor.can("special_groups.screening"):
        qs = qs.exclude(source=TagSource.SCREENING, status=TagStatus.CLOSED)
    return _class_scope(actor, qs, "special_groups.all")


def detail_filter(actor: Actor) -> Q:
    """The tags whose detail (group, source, note, history, review) the actor may read, among those they see: a tag
    from screening only for the counsellors (rules.view_tag_detail); others get a need-attention flag. A filter
    to AND with a tag queryset (prefix "" on StudentTag); Q() for "all", never to be OR-ed."""
    if actor.can("special_groups.screening"):
        return Q()
    return ~Q(source=TagSource.SCREENING)


def tags_in_detail(actor: Actor) -> QuerySet[StudentTag]:
    """The tags the actor may read in full (rules.view_tag_detail): what a page may show a group, a note or a
    history of, or count by group."""
    return tags(actor).filter(detail_filter(actor))


def manageable_tags(actor: Actor) -> QuerySet[StudentTag]:
    """The tags the actor may identify and follow up (rules.manage_tag): never one whose detail is withheld."""
    actor.require("special_groups.manage")
    return _class_scope(actor, tags(actor), "special_groups.manage_all").filter(detail_filter(actor))


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


def support_measures(actor: Actor) -> QuerySet[SupportMeasure]:
    """Support measures the actor may see (rules.view_support)."""
    actor.require("support.view")
    return (SupportMeasure.objects.filter(school=actor.school).filter(student_scope(actor))
            .select_related("student__school_class", "recorded_by"))


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
    "review" (open tags due for review within 30 days or expired) or "expired" (open, review date passed).

    Each tag has `withheld`: its detail is not the actor's to read (rules.view_tag_detail), so the row shows a
    need-attention flag only. A withheld tag matches no filter on what it withholds (group, status, review: a
    filter would tell them), is listed after the others and ordered by nothing it withholds."""
    if due == "review":
        qs = tags_due_for_review(actor, on=on)
    elif due == "expired":
        qs = tags_expired(actor, on=on)
    else:
        qs = tags(actor)
    shown = detail_filter(actor)
    if group or status or due:
        qs = qs.filter(shown)
    if group:
        qs = qs.filter(group_id=group)
    if status:
        qs = qs.filter(status=status)
    if class_id:
        qs = qs.filter(student__school_class_id=class_id)
    if shown:
        withheld = Case(When(shown, then=Value(False)), default=Value(True), output_field=BooleanField())
        review_key = Case(When(shown, then=F("review_on")), default=Value(None), output_field=DateField())
        qs = qs.annotate(withheld=withheld, review_key=review_key).order_by("withheld", "review_key", "pk")
    else:
        qs = qs.annotate(withheld=Value(False, output_field=BooleanField()))
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
    return (people_selectors.enrolled_students_of_school(actor.school)
            .filter(student_scope(actor, "special_groups.manage_all", prefix="")).select_related("school_class__grade"))


def tag_classes(actor: Actor) -> QuerySet[SchoolClass]:
    """The classes a tag or support list may be filtered by: the school's, or a head teacher's own."""
    qs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    if not actor.can("care.school_wide"):
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
    if actor.can("care.school_wide"):
        return qs
    return qs.filter(recorded_by_id=actor.user.pk)


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
    qs = (people_selectors.enrolled_students_of_school(school).filter(_birthday_q(day, days))
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


def special_groups_of_school(school) -> QuerySet[SpecialGroup]:
    """Every special group of a school (a school or its pk), inactive ones too: for other apps naming them."""
    return SpecialGroup.objects.filter(school=school)


def tags_of_school(school) -> QuerySet[StudentTag]:
    """Every special-group tag of the school, unscoped: for the evaluation's aggregate counts (never a name)."""
    return StudentTag.objects.filter(school=school)


def support_measures_of_school(school) -> QuerySet[SupportMeasure]:
    """Every support measure of the school, unscoped: for the evaluation's aggregate counts."""
    return SupportMeasure.objects.filter(school=school)
