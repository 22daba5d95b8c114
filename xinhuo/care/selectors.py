"""Reads of the care app, already scoped to the actor (see rules.py for the matching predicates)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people.models import Student

from .models import (
    FollowUp,
    Forum,
    HomeVisit,
    Mentor,
    MentoringPair,
    SpecialGroup,
    StudentTag,
    StudyProgram,
    SupportKind,
    SupportMeasure,
    TagStatus,
)
from .rules import (
    COMMITTEE_CARE,
    FORUM_MANAGERS,
    GROWTH_SCHOOL_WIDE,
    MANAGE_ALL_TAGS,
    MENTORING_MANAGERS,
    SEE_ALL_TAGS,
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
    nothing otherwise. `prefix` leads from the queryset's model to the Student ("" on Student itself)."""
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
    cond = student_scope(actor, MENTORING_MANAGERS) | Q(mentor_id__in=my_mentor_ids(actor))
    return (MentoringPair.objects.filter(school=actor.school).filter(cond)
            .select_related("mentor", "student__school_class"))


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
    cond = student_scope(actor, GROWTH_SCHOOL_WIDE, prefix="")
    own = {i for i in (actor.student_id, *actor.child_ids) if i}
    if own:
        cond |= Q(pk__in=own)
    return Student.objects.filter(school=actor.school).filter(cond).select_related("school_class__grade")


# --- groups ---------------------------------------------------------------------------------------------------------
# special-group tags' lists, support measures for the growth record, emotional-support reminders (groups part)


def support_for_student(actor: Actor, student: Student) -> QuerySet[SupportMeasure]:
    """A student's support measures as staff see them (with the internal note), newest first; empty unless the
    actor may see that student's support (rules.view_support)."""
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
# --- end mentoring
