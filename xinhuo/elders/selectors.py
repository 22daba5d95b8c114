"""Reads of the elders app, already scoped to the actor (see rules.py for the matching predicates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Notification, SchoolYear

from .models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Award,
    CareVisit,
    Elder,
    ElderRole,
    Inspection,
    InspectionPhoto,
    InspectionStep,
    Participation,
    RecreationEvent,
    ResearchProject,
    Specialty,
    StageStep,
    TrainingAttendance,
    TrainingMaterial,
    TrainingSession,
    YoungTeacher,
)
from .rules import can

# --- registry (ELD-1) -----------------------------------------------------------------------------------


def elders(actor: Actor) -> QuerySet[Elder]:
    """Every elder of the school: all who may see elders see the list (names and public roles)."""
    actor.require("elders.view")
    return Elder.objects.filter(school=actor.school)


def elder_profiles(actor: Actor) -> QuerySet[Elder]:
    """The school's elders with their active roles held and weekly availability (detail page, API).
    Outside the committee, a paused or departed elder is not shown (as on the list), but to themself."""
    qs = elders(actor)
    if not actor.can("elders.manage"):
        qs = qs.filter(Q(status=Elder.Status.ACTIVE) | Q(pk=actor.elder_id or 0))
    return with_load(qs).prefetch_related(_active_assignments(), "availability")


def elder_detail(actor: Actor, pk: int) -> Elder:
    return get_object_or_404(elder_profiles(actor), pk=pk)


def _active_assignments() -> Prefetch:
    """Each elder's active assignments as `active_assignments` (roles held, current load): one query a page."""
    return Prefetch("assignments", to_attr="active_assignments",
                     queryset=Assignment.objects.filter(status=Assignment.Status.ACTIVE).order_by("role", "pk"))


def roles_held(elder: Elder) -> list[str]:
    """The labels of the roles an elder holds now (public), each once; needs elder_list or elder_detail."""
    codes = dict.fromkeys(a.role for a in getattr(elder, "active_assignments", []))
    return [str(ElderRole(c).label) for c in codes if c in ElderRole.values]


def current_load(elder: Elder) -> int:
    """Active assignments, active apprenticeship pairs as mentor and active mentoring pairs with students: the
    load matching weighs too (matching.elder_load)."""
    if hasattr(elder, "assignment_load"):
        from .matching import elder_load

        return elder_load(elder)
    return len(getattr(elder, "active_assignments", []))


def _search(qs: QuerySet[Elder], q: str) -> QuerySet[Elder]:
    """Name characters, full pinyin or pinyin initials (zjg for 张建国), as the people pages search."""
    q = (q or "").strip()
    if not q:
        return qs
    cond = Q(name__icontains=q)
    if q.isascii():
        low = q.lower().replace(" ", "")
        cond |= Q(name_initials__startswith=low) | Q(name_pinyin__startswith=low)
    return qs.filter(cond)


def elder_list(actor: Actor, *, q: str = "", category: str = "", status: str = "", specialty: str = "",
               willingness: str = "", role: str = "") -> QuerySet[Elder]:
    """The registry list. Managers filter by everything; everyone else sees the active elders and may filter
    only by what they are shown (name, category, role held): status, specialties and willingness are not theirs
    to see. Three queries a page whatever its length (count, rows, roles held)."""
    qs = elders(actor)
    if not actor.can("elders.manage"):
        qs = qs.filter(status=Elder.Status.ACTIVE)
        status = specialty = willingness = ""
    qs = _search(qs, q)
    if category in Elder.Category.values:
        qs = qs.filter(category=category)
    if status in Elder.Status.values:
        qs = qs.filter(status=status)
    if specialty in Specialty.values:
        qs = qs.filter(specialties__contains=f",{specialty},")
    if willingness in ElderRole.values:
        qs = qs.filter(willingness__contains=f",{willingness},")
    if role in ElderRole.values:
        qs = qs.filter(Exists(Assignment.objects.filter(elder=OuterRef("pk"), role=role,
                                                          status=Assignment.Status.ACTIVE)))
    return with_load(qs).prefetch_related(_active_assignments()).order_by("name", "pk")


def availability_slot(actor: Actor, pk: int):
    """A weekly availability slot of an elder of the school (who may change it: rules.edit_elder_availability)."""
    from .models import Availability

    return get_object_or_404(Availability.objects.select_related("elder").filter(elder__in=elders(actor)), pk=pk)


def elder_export_rows(actor: Actor, **filters) -> QuerySet[Elder]:
    """What the export writes: the list with the same filters, for the committee only."""
    actor.require("elders.manage")
    return elder_list(actor, **filters)


def my_elder(actor: Actor) -> Elder | None:
    """The actor's own elder record, or None."""
    if actor.elder_id is None:
        return None
    return Elder.objects.get(pk=actor.elder_id)


def overdue_apprenticeships(school, today: dt.date) -> list[ApprenticeshipPair]:
    """Active pairs whose last contact (or start, before any) is older than their contact plan allows.
    Not scoped to an actor: the reminder job and the scoped pages both build on it."""
    pairs = (ApprenticeshipPair.objects.filter(school=school, ended_on__isnull=True)
             .select_related("mentor", "mentee_elder", "mentee_teacher__staff")
             .annotate(last_contact=Max("contacts__date")).order_by("pk"))
    out: list[ApprenticeshipPair] = []
    for m in pairs:
        since = m.last_contact or m.started_on
        if since + dt.timedelta(days=m.contact_every_days) < today:
            m.overdue_days = (today - since).days - m.contact_every_days  # type: ignore[attr-defined]
            out.append(m)  # type: ignore[arg-type]
    return out


# --- work ----------------------------------------------------------------------------------------
# Matching, assignments, service hours, mentor contacts and the elder's home page (work_views.py).


from .models import ServiceRecord  # noqa: E402


def with_load(qs: QuerySet[Elder]) -> QuerySet[Elder]:
    """Annotate each elder's current load: active assignments (assignment_load), active pairs as mentor
    (mentor_load) and active mentoring pairs with students as a growth mentor (care_load, the care app), as
    correlated counts so they do not multiply each other."""
    from django.apps import apps

    active = Assignment.objects.filter(elder=OuterRef("pk"), status=Assignment.Status.ACTIVE)
    mentoring = ApprenticeshipPair.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=True)
    students = apps.get_model("care", "MentoringPair").objects.filter(  # the care app builds on this one
        mentor__elder=OuterRef("pk"), ended_on__isnull=True)
    return qs.annotate(
        assignment_load=Coalesce(Subquery(active.order_by().values("elder").annotate(n=Count("pk")).values("n")),
                                  Value(0)),
        mentor_load=Coalesce(Subquery(mentoring.order_by().values("mentor").annotate(n=Count("pk")).values("n")),
                              Value(0)),
        care_load=Coalesce(Subquery(students.order_by().values("mentor__elder").annotate(n=Count("pk"))
                                    .values("n")), Value(0)),
    )


def match_candidates(actor: Actor) -> QuerySet[Elder]:
    """The school's active elders with what matching reads (availability, load): two queries in all."""
    actor.require("elders.manage")
    return with_load(Elder.objects.filter(school=actor.school, status=Elder.Status.ACTIVE)).prefetch_related(
        "availability").order_by("name", "pk")


def assignments(actor: Actor, *, role: str = "", status: str = "", elder: int | None = None
                ) -> QuerySet[Assignment]:
    """Managers: every assignment of the school; an elder: their own; everyone else: nothing to see (404)."""
    qs = Assignment.objects.filter(school=actor.school).select_related("elder")
    if actor.can("elders.manage"):
        if elder:
            qs = qs.filter(elder_id=elder)
    elif actor.elder_id is not None:
        qs = qs.filter(elder_id=actor.elder_id)
    else:
        raise Http404
    if role:
        qs = qs.filter(role=role)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-start_on", "-pk")


def assignment_detail(actor: Actor, pk: int) -> Assignment:
    return get_object_or_404(assignments(actor), pk=pk)


def hours_elder(actor: Actor, pk: int) -> Elder:
    """The elder whose hours the actor may see: managers any elder of the school, an elder themself."""
    elder = get_object_or_404(Elder.objects.filter(school=actor.school), pk=pk)
    if not can(actor, "view_service_hours", elder):
        raise Http404
    return elder


@dataclass
class PeriodHours:
    name: str
    start: dt.date
    end: dt.date
    hours: Decimal
    current: bool = False


@dataclass
class HoursSummary:
    terms: list[PeriodHours]  # newest first; terms with hours, and the current one
    years: list[PeriodHours]
    outside_terms: Decimal  # hours on dates in no term (holidays, or before the first year was set up)
    this_term: Decimal | None  # None: today is in no term
    this_year: Decimal | None
    total: Decimal
    records: list[ServiceRecord]


def service_hours(elder: Elder, school, today: dt.date | None = None) -> HoursSummary:
    """An elder's hours per term and per school year of the school (a record counts in the term whose dates
    contain it), with this term's and this year's totals. Exact decimals; three queries."""
    today = today or timezone.localdate()
    years = list(SchoolYear.objects.filter(school=school).prefetch_related("terms").order_by("start"))
    records = list(ServiceRecord.objects.filter(elder=elder, school=school).order_by("-date", "-pk"))
    zero = Decimal("0")
    year_rows = [PeriodHours(y.name, y.start, y.end, zero, y.start <= today <= y.end) for y in years]
    term_rows = [PeriodHours(str(t), t.start, t.end, zero, t.start <= today <= t.end)
                 for y in years for t in sorted(y.terms.all(), key=lambda t: t.start)]
    if not any(y.current for y in year_rows):  # today falls between two years: the year marked current
        for row, y in zip(year_rows, years, strict=True):
            row.current = y.is_current
    outside = zero
    for r in records:
        term = next((t for t in term_rows if t.start <= r.date <= t.end), None)
        if term is None:
            outside += r.hours
        else:
            term.hours += r.hours
        year = next((y for y in year_rows if y.start <= r.date <= y.end), None)
        if year is not None:
            year.hours += r.hours
    this_term = next((t.hours for t in term_rows if t.current), None)
    this_year = next((y.hours for y in year_rows if y.current), None)
    return HoursSummary(
        terms=[t for t in reversed(term_rows) if t.hours or t.current],
        years=[y for y in reversed(year_rows) if y.hours or y.current],
        outside_terms=outside, this_term=this_term, this_year=this_year,
        total=sum((r.hours for r in records), zero), records=records,
    )


def contact_apprenticeship(actor: Actor, pk: int) -> ApprenticeshipPair:
    """A pair the actor may record contacts for: its mentor, or a manager; anyone else gets 404."""
    pair = get_object_or_404(
        ApprenticeshipPair.objects.filter(school=actor.school)
        .select_related("mentor", "mentee_elder", "mentee_teacher__staff")
        .annotate(last_contact=Max("contacts__date")), pk=pk)
    if not can(actor, "record_apprenticeship_contact", pair):
        raise Http404
    return pair


def my_mentees(elder: Elder, today: dt.date) -> list[ApprenticeshipPair]:
    """The elder's active pairs as mentor, with the last contact and the overdue flag of the reminders."""
    pairs: list[ApprenticeshipPair] = list(ApprenticeshipPair.objects.filter(mentor=elder, ended_on__isnull=True)
                 .select_related("mentee_elder", "mentee_teacher__staff")
                 .annotate(last_contact=Max("contacts__date")).order_by("started_on", "pk"))
    overdue = {m.pk: m.overdue_days for m in overdue_apprenticeships(elder.school, today)  # type: ignore[attr-defined]
               if m.mentor_id == elder.pk}
    for m in pairs:
        m.overdue_days = overdue.get(m.pk)  # type: ignore[attr-defined]
    return pairs


@dataclass
class ElderHome:
    elder: Elder
    assignments: list[Assignment]
    trainings: list[TrainingSession]
    recreation: list[RecreationEvent]
    mentees: list[ApprenticeshipPair]
    hours: HoursSummary
    awards: list[Award]
    notices: list[Notification]


HOME_UPCOMING = 5


def elder_home(actor: Actor, today: dt.date | None = None) -> ElderHome | None:
    """What an elder sees on their phone; None when the account has no elder record in this school."""
    actor.require("elders.home")
    if actor.elder_id is None:
        return None
    today = today or timezone.localdate()
    elder = Elder.objects.select_related("school").get(pk=actor.elder_id)
    return ElderHome(
        elder=elder,
        assignments=list(Assignment.objects.filter(elder=elder, status=Assignment.Status.ACTIVE)
                         .order_by("start_on", "pk")),
        trainings=list(TrainingSession.objects.filter(attendance__elder=elder, date__gte=today)
                       .order_by("date", "pk")[:HOME_UPCOMING]),
        recreation=list(RecreationEvent.objects.filter(participants=elder, date__gte=today)
                        .order_by("date", "pk")[:HOME_UPCOMING]),
        mentees=my_mentees(elder, today),
        hours=service_hours(elder, elder.school, today),
        awards=list(Award.objects.filter(elder=elder).order_by("-awarded_on", "-pk")),
        notices=list(Notification.objects.filter(recipient=actor.user, school=actor.school)
                     .order_by("-created_at", "-pk")[:HOME_UPCOMING]),
    )


# --- care ----------------------------------------------------------------------------------------


YEAR_DAYS = 365
HEALTH_SOON_DAYS = 30
BIRTHDAY_DAYS = 30  # the care page's "coming month"
RECENT_VISIT_DAYS = 90


def _care_manages(actor: Actor) -> bool:
    return actor.can("elders.manage")


# inspections


def inspections(actor: Actor) -> QuerySet[Inspection]:
    """The committee sees every report of the school; an elder only the reports they filed."""
    actor.require("inspections.view")
    qs = Inspection.objects.filter(school=actor.school).select_related("inspector")
    if _care_manages(actor):
        return qs
    if actor.elder_id is None:
        return qs.none()
    return qs.filter(inspector_id=actor.elder_id)


def inspection_list(actor: Actor, *, kind: str = "", severity: str = "", status: str = "", q: str = ""
                    ) -> QuerySet[Inspection]:
    qs = inspections(actor).annotate(photo_count=Count("photos"))
    if kind:
        qs = qs.filter(kind=kind)
    if severity:
        qs = qs.filter(severity=severity)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(place__icontains=q) | Q(findings__icontains=q) | Q(inspector__name__icontains=q))
    return qs.order_by("-date", "-pk")


def inspection_detail(actor: Actor, pk: int) -> Inspection:
    steps = InspectionStep.objects.select_related("by").order_by("at", "pk")
    return get_object_or_404(
        inspections(actor).select_related("created_by").prefetch_related(
            Prefetch("photos", queryset=InspectionPhoto.objects.order_by("pk")), Prefetch("steps", steps)),
        pk=pk)


def inspection_photo(actor: Actor, pk: int) -> InspectionPhoto:
    """A photo, only through a report the actor may see (photos are never on a public URL)."""
    return get_object_or_404(InspectionPhoto.objects.select_related("inspection"), pk=pk,
                             inspection__in=inspections(actor))


def inspectors(actor: Actor) -> QuerySet[Elder]:
    """Elders who hold an active volunteer-inspector assignment: whom the committee can file for."""
    holds = Assignment.objects.filter(elder=OuterRef("pk"), school=actor.school, role=ElderRole.INSPECTOR,
                                          status=Assignment.Status.ACTIVE)
    return Elder.objects.filter(school=actor.school).filter(Exists(holds)).order_by("name", "pk")


# training (ELD-3)


def training_sessions(actor: Actor) -> QuerySet[TrainingSession]:
    """The committee sees every session; an elder the sessions on whose list they are."""
    actor.require("training.view")
    qs = TrainingSession.objects.filter(school=actor.school)
    if _care_manages(actor):
        return qs
    if actor.elder_id is None:
        return qs.none()
    return qs.filter(pk__in=TrainingAttendance.objects.filter(elder_id=actor.elder_id).values("session_id"))


def training_list(actor: Actor, *, kind: str = "", q: str = "", when: str = "") -> QuerySet[TrainingSession]:
    qs = training_sessions(actor).annotate(
        listed=Count("attendance", distinct=True),
        present_count=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        file_count=Count("files", distinct=True),
    )
    if actor.elder_id is not None:
        mine = TrainingAttendance.objects.filter(session=OuterRef("pk"), elder_id=actor.elder_id)
        qs = qs.annotate(my_present=Subquery(mine.values("present")[:1]))
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(speaker__icontains=q) | Q(materials__icontains=q))
    today = timezone.localdate()
    if when == "upcoming":
        return qs.filter(date__gte=today).order_by("date", "pk")
    if when == "past":
        qs = qs.filter(date__lt=today)
    return qs.order_by("-date", "-pk")


def training_detail(actor: Actor, pk: int) -> TrainingSession:
    attendance = TrainingAttendance.objects.select_related("elder").order_by("elder__name", "elder_id")
    return get_object_or_404(
        training_sessions(actor).prefetch_related(Prefetch("files", TrainingMaterial.objects.order_by("pk")),
                                                  Prefetch("attendance", attendance)),
        pk=pk)


def training_material(actor: Actor, pk: int) -> TrainingMaterial:
    return get_object_or_404(TrainingMaterial.objects.select_related("session"), pk=pk,
                             session__in=training_sessions(actor))


def attendance_checklist(actor: Actor, session: TrainingSession) -> list[dict]:
    """Every elder who may be on the list (not those who left, unless already on it), with their mark:
    'present', 'absent' or '' (not on the list)."""
    marks = {a.elder_id: ("present" if a.present else "absent") for a in session.attendance.all()}
    team = Elder.objects.filter(school=actor.school).filter(
        ~Q(status=Elder.Status.LEFT) | Q(pk__in=list(marks))).order_by("name", "pk")
    return [{"elder": e, "mark": marks.get(e.pk, "")} for e in team]


@dataclass
class InductionNeed:
    elder: Elder
    role: str
    role_label: str
    since: dt.date
    needs: list[str] = field(default_factory=list)


def induction_needed(actor: Actor) -> list[InductionNeed]:
    """Elders who hold a role (an active assignment) without having attended an induction for it."""
    actor.require("training.view")
    if not _care_manages(actor):
        raise Http404
    inducted = TrainingAttendance.objects.filter(
        elder=OuterRef("elder"), present=True, session__school=actor.school,
        session__kind=TrainingSession.Kind.INDUCTION, session__role=OuterRef("role"))
    rows = (Assignment.objects.filter(school=actor.school, status=Assignment.Status.ACTIVE)
            .filter(~Exists(inducted)).select_related("elder")
            .order_by("role", "elder__name", "elder_id", "start_on"))
    out: dict[tuple[int, str], InductionNeed] = {}
    for a in rows:
        key = (a.elder_id, a.role)
        if key not in out:
            out[key] = InductionNeed(a.elder, a.role, a.get_role_display(), a.start_on)
        out[key].needs.append(a.need)
        out[key].since = min(out[key].since, a.start_on)
    # by role in the order the roles are listed (not their codes' spelling), then name
    order = {code: i for i, code in enumerate(ElderRole.values)}
    return sorted(out.values(), key=lambda n: (order.get(n.role, len(order)), n.elder.name, n.elder.pk))


# care for the elders (ELD-4)


def birthday_in(birth: dt.date, year: int) -> dt.date:
    """The day the birthday is kept in `year`: 29 February falls on 28 February in a common year."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def next_birthday(birth: dt.date, today: dt.date) -> dt.date:
    day = birthday_in(birth, today.year)
    return day if day >= today else birthday_in(birth, today.year + 1)


@dataclass
class Birthday:
    elder: Elder
    on: dt.date
    turns: int
    in_days: int


def upcoming_birthdays(elders, today: dt.date, days: int) -> list[Birthday]:
    """Birthdays from today through `days` days ahead, soonest first, with the age each elder turns."""
    out = []
    for e in elders:
        if not e.birth_date:
            continue
        on = next_birthday(e.birth_date, today)
        if (on - today).days <= days:
            out.append(Birthday(e, on, on.year - e.birth_date.year, (on - today).days))
    return sorted(out, key=lambda b: (b.on, b.elder.name, b.elder.pk))


@dataclass
class HealthCheckDue:
    elder: Elder
    due_on: dt.date | None  # None: never checked
    overdue: bool

    @property
    def never(self) -> bool:
        return self.due_on is None


def health_check_due_on(elder: Elder) -> dt.date | None:
    if elder.last_health_check is None:
        return None
    return elder.last_health_check + dt.timedelta(days=YEAR_DAYS)


def health_checks_due(elders, today: dt.date, within: int = 0) -> list[HealthCheckDue]:
    """Elders never checked, checked more than a year ago, or (with `within`) due within that many days."""
    out = []
    for e in elders:
        due = health_check_due_on(e)
        if due is None or due < today:
            out.append(HealthCheckDue(e, due, True))
        elif due <= today + dt.timedelta(days=within):
            out.append(HealthCheckDue(e, due, False))
    return sorted(out, key=lambda h: (h.due_on is not None, h.due_on or today, h.elder.name, h.elder.pk))


def cared_elders(school) -> QuerySet[Elder]:
    """The elders the committee looks after: all who have not left the team."""
    return Elder.objects.filter(school=school).exclude(status=Elder.Status.LEFT).order_by("name", "pk")


def care_elders(actor: Actor, also=()) -> QuerySet[Elder]:
    """The elders to choose from on the care forms; `also` keeps those already chosen who have left since."""
    actor.require("elder_care.view")
    return (Elder.objects.filter(school=actor.school)
            .filter(~Q(status=Elder.Status.LEFT) | Q(pk__in=list(also))).order_by("name", "pk"))


def care_visits(actor: Actor) -> QuerySet[CareVisit]:
    actor.require("elder_care.view")
    return CareVisit.objects.filter(school=actor.school).select_related("elder")


def care_visit_detail(actor: Actor, pk: int) -> CareVisit:
    return get_object_or_404(care_visits(actor), pk=pk)


def planned_visits(school, today: dt.date) -> QuerySet[CareVisit]:
    """Visits planned for today or earlier and not yet made: what the committee should do now."""
    return (CareVisit.objects.filter(school=school, done_on__isnull=True, planned_on__lte=today)
            .select_related("elder").order_by("planned_on", "pk"))


def recreation_events(actor: Actor) -> QuerySet[RecreationEvent]:
    actor.require("elder_care.view")
    return (RecreationEvent.objects.filter(school=actor.school)
            .prefetch_related(Prefetch("participants", Elder.objects.order_by("name", "pk"))))


def recreation_detail(actor: Actor, pk: int) -> RecreationEvent:
    return get_object_or_404(recreation_events(actor), pk=pk)


@dataclass
class CareOverview:
    today: dt.date
    overdue_visits: list
    upcoming_visits: list
    done_visits: list
    birthdays: list[Birthday]
    health_due: list[HealthCheckDue]
    upcoming_events: list
    past_events: list


def care_overview(actor: Actor, today: dt.date | None = None) -> CareOverview:
    """The care page: visits to make (overdue first), visits made lately, birthdays of the coming month,
    health checks due or due within a month, recreation events."""
    today = today or timezone.localdate()
    visits = care_visits(actor)
    planned = list(visits.filter(done_on__isnull=True).order_by("planned_on", "pk"))
    elders = list(care_elders(actor))
    events = recreation_events(actor)
    return CareOverview(
        today=today,
        overdue_visits=[v for v in planned if v.planned_on < today],
        upcoming_visits=[v for v in planned if v.planned_on >= today],
        done_visits=list(visits.filter(done_on__gte=today - dt.timedelta(days=RECENT_VISIT_DAYS))
                         .order_by("-done_on", "-pk")[:30]),
        birthdays=upcoming_birthdays(elders, today, BIRTHDAY_DAYS),
        health_due=health_checks_due(elders, today, HEALTH_SOON_DAYS),
        upcoming_events=list(events.filter(date__gte=today).order_by("date", "pk")),
        past_events=list(events.filter(date__lt=today).order_by("-date", "-pk")[:10]),
    )


# --- team ----------------------------------------------------------------------------------------
# Apprenticeship pairs, the young teacher reserve, research projects, awards and the honour wall.


def _team_manages(actor: Actor) -> bool:
    return actor.can("elders.manage")


def apprenticeships(actor: Actor) -> QuerySet[ApprenticeshipPair]:
    """Apprenticeship pairs: the committee sees all; an elder their pairs as mentor or as mentee; a young
    teacher theirs."""
    actor.require("young_teachers.view")
    qs = ApprenticeshipPair.objects.filter(school=actor.school).select_related(
        "mentor", "mentee_elder", "mentee_teacher__staff")
    if _team_manages(actor):
        return qs
    cond = Q(pk__in=[])
    if actor.elder_id:
        cond |= Q(mentor_id=actor.elder_id) | Q(mentee_elder_id=actor.elder_id)
    if actor.young_teacher_id:
        cond |= Q(mentee_teacher_id=actor.young_teacher_id)
    return qs.filter(cond)


def apprenticeship_list(actor: Actor, *, kind: str = "", state: str = "", q: str = "") -> QuerySet[ApprenticeshipPair]:
    qs = apprenticeships(actor).annotate(contact_count=Count("contacts"))
    if kind:
        qs = qs.filter(kind=kind)
    if state == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif state == "ended":
        qs = qs.filter(ended_on__isnull=False)
    q = (q or "").strip()
    if q:
        cond = (Q(mentor__name__icontains=q) | Q(mentee_elder__name__icontains=q)
                | Q(mentee_teacher__staff__name__icontains=q))
        if q.isascii():
            low = q.lower().replace(" ", "")
            cond |= (Q(mentor__name_initials__startswith=low) | Q(mentee_elder__name_initials__startswith=low)
                     | Q(mentee_teacher__staff__name_initials__startswith=low))
        qs = qs.filter(cond)
    return qs.order_by("ended_on", "-started_on", "-pk")  # active pairs (no end date) first


def apprenticeship_detail(actor: Actor, pk: int) -> ApprenticeshipPair:
    contacts = ApprenticeshipContact.objects.select_related("by").order_by("-date", "-pk")
    return get_object_or_404(apprenticeships(actor).prefetch_related(Prefetch("contacts", queryset=contacts)), pk=pk)


def overdue_apprenticeship_ids(actor: Actor) -> dict[int, int]:
    """{pair pk: days overdue} for the school's active pairs (one query; the pages intersect it with their rows)."""
    return {m.pk: m.overdue_days for m in overdue_apprenticeships(actor.school, timezone.localdate())}  # type: ignore[attr-defined]


def team_elders(actor: Actor) -> QuerySet[Elder]:
    """The school's elders for the team's forms (names, category and status only)."""
    actor.require("elders.manage")
    return Elder.objects.filter(school=actor.school).only("pk", "name", "status", "category").order_by("name", "pk")


def young_teachers(actor: Actor) -> QuerySet[YoungTeacher]:
    """The reserve: the committee sees all; a young teacher their own record; an elder the young teachers
    they mentor now (an active pair), as rules.mentors_young_teacher."""
    actor.require("young_teachers.view")
    qs = YoungTeacher.objects.filter(school=actor.school).select_related("staff__department")
    if _team_manages(actor):
        return qs
    cond = Q(pk__in=[])
    if actor.young_teacher_id:
        cond |= Q(pk=actor.young_teacher_id)
    if actor.elder_id:
        cond |= Q(pk__in=ApprenticeshipPair.objects.filter(
            mentor_id=actor.elder_id, ended_on__isnull=True, mentee_teacher__isnull=False).values("mentee_teacher"))
    return qs.filter(cond)


def _active_mentors() -> Prefetch:
    return Prefetch("apprenticeships", to_attr="active_pairs", queryset=ApprenticeshipPair.objects.filter(
        ended_on__isnull=True).select_related("mentor").order_by("started_on", "pk"))


def young_teacher_list(actor: Actor, *, q: str = "", stage: str = "", active: str = "") -> QuerySet[YoungTeacher]:
    hours = (Participation.objects.filter(young_teacher=OuterRef("pk")).values("young_teacher")
             .annotate(total=Sum("hours")).values("total"))
    qs = young_teachers(actor).annotate(participation_hours=Subquery(hours)).prefetch_related(_active_mentors())
    q = (q or "").strip()
    if q:
        cond = Q(staff__name__icontains=q) | Q(staff__subject__icontains=q)
        if q.isascii():
            low = q.lower().replace(" ", "")
            cond |= Q(staff__name_initials__startswith=low) | Q(staff__name_pinyin__startswith=low)
        qs = qs.filter(cond)
    if stage:
        qs = qs.filter(stage=stage)
    if active == "1":
        qs = qs.filter(active=True)
    elif active == "0":
        qs = qs.filter(active=False)
    return qs


def young_teacher_detail(actor: Actor, pk: int) -> YoungTeacher:
    steps = StageStep.objects.select_related("by").order_by("reached_on", "pk")
    return get_object_or_404(young_teachers(actor).prefetch_related(Prefetch("stage_steps", queryset=steps)),
                             pk=pk)


def young_teacher_pairs(young_teacher: YoungTeacher) -> QuerySet[ApprenticeshipPair]:
    """The young teacher's mentors, current first (for a record the caller may already see)."""
    return young_teacher.apprenticeships.select_related("mentor").order_by("ended_on", "-started_on", "-pk")


def young_teacher_participations(young_teacher: YoungTeacher) -> QuerySet[Participation]:
    return young_teacher.participations.select_related("recorded_by").order_by("-date", "-pk")


def young_teacher_projects(young_teacher: YoungTeacher) -> QuerySet[ResearchProject]:
    return (ResearchProject.objects.filter(school_id=young_teacher.school_id)
            .filter(Q(leader=young_teacher) | Q(members=young_teacher)).distinct()
            .select_related("leader__staff"))


def staff_for_reserve(actor: Actor) -> QuerySet:
    """Staff in post who could join the reserve; `in_reserve` marks those already in it (the service refuses them)."""
    from xinhuo.people.models import Staff

    actor.require("elders.manage")
    return (Staff.objects.filter(school=actor.school, active=True)
            .annotate(in_reserve=Exists(YoungTeacher.objects.filter(staff=OuterRef("pk"))))
            .only("pk", "name", "staff_no", "subject").order_by("name", "pk"))


def reserve_choices(actor: Actor) -> QuerySet[YoungTeacher]:
    """Young teachers for the team's forms (mentee, project leader and members)."""
    actor.require("elders.manage")
    return (YoungTeacher.objects.filter(school=actor.school).select_related("staff")
            .order_by("-active", "staff__name", "pk"))


def participations_for_export(actor: Actor, *, young_teacher: YoungTeacher | None, start: dt.date, end: dt.date
                              ) -> QuerySet[Participation]:
    """Participation rows for the appraisal export: one young teacher (whoever may export theirs, see
    rules.export_participation), or the whole reserve for the committee."""
    qs = (Participation.objects.filter(young_teacher__school=actor.school, date__gte=start, date__lte=end)
          .select_related("young_teacher__staff").order_by("young_teacher__staff__name", "young_teacher_id", "date",
                                                           "pk"))
    if young_teacher is not None:
        return qs.filter(young_teacher=young_teacher)
    actor.require("elders.manage")
    return qs


def research_projects(actor: Actor) -> QuerySet[ResearchProject]:
    """Research projects: the committee all; a young teacher those they lead or belong to; an elder those
    they advise."""
    actor.require("young_teachers.view")
    qs = (ResearchProject.objects.filter(school=actor.school).select_related("leader__staff")
          .prefetch_related(Prefetch("members", queryset=YoungTeacher.objects.select_related("staff")),
                            Prefetch("advisors", queryset=Elder.objects.only("pk", "name"))))
    if _team_manages(actor):
        return qs
    cond = Q(pk__in=[])
    if actor.young_teacher_id:
        cond |= Q(leader_id=actor.young_teacher_id) | Q(
            pk__in=ResearchProject.members.through.objects.filter(
                youngteacher_id=actor.young_teacher_id).values("researchproject_id"))
    if actor.elder_id:
        cond |= Q(pk__in=ResearchProject.advisors.through.objects.filter(
            elder_id=actor.elder_id).values("researchproject_id"))
    return qs.filter(cond)


def research_project_list(actor: Actor, *, status: str = "", q: str = "") -> QuerySet[ResearchProject]:
    qs = research_projects(actor)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(leader__staff__name__icontains=q))
    return qs


def research_project_detail(actor: Actor, pk: int) -> ResearchProject:
    return get_object_or_404(research_projects(actor), pk=pk)


def awards(actor: Actor) -> QuerySet[Award]:
    """Awards with their certificates: the committee all; an elder their own; nobody else (404)."""
    qs = Award.objects.filter(school=actor.school).select_related("elder")
    if _team_manages(actor):
        return qs
    if actor.has_role("elder"):
        return qs.filter(elder_id=actor.elder_id) if actor.elder_id else qs.none()
    raise Http404


def award_list(actor: Actor, *, q: str = "", year: int | None = None, level: str = "") -> QuerySet[Award]:
    qs = awards(actor)
    q = (q or "").strip()
    if q:
        cond = Q(elder__name__icontains=q) | Q(title__icontains=q) | Q(certificate_no__icontains=q)
        if q.isascii():
            cond |= Q(elder__name_initials__startswith=q.lower().replace(" ", ""))
        qs = qs.filter(cond)
    if year:
        qs = qs.filter(awarded_on__year=year)
    if level:
        qs = qs.filter(level=level)
    return qs


def award_detail(actor: Actor, pk: int) -> Award:
    return get_object_or_404(awards(actor), pk=pk)


def honour_wall(actor: Actor) -> QuerySet[Award]:
    """The awards marked for the honour wall, for every role: only the public fields are loaded (no contact,
    no health notes, nothing else of the elder)."""
    actor.require("honours.view")
    return (Award.objects.filter(school=actor.school, on_wall=True).select_related("elder")
            .only("pk", "title", "level", "awarded_on", "citation", "elder__name", "elder__category")
            .order_by("-awarded_on", "-pk"))


# --- who the actor is (core's actor hooks, declared in manifest.py) ----------------------------


def actor_elder_id(actor: Actor) -> int | None:
    return Elder.objects.filter(user=actor.user, school=actor.school).values_list("pk", flat=True).first()


def actor_young_teacher_id(actor: Actor) -> int | None:
    return (YoungTeacher.objects.filter(staff__user=actor.user, school=actor.school)
            .values_list("pk", flat=True).first())


# --- dashboard panels (declared in manifest.py) ----------------------------------------------


def count_panel(actor: Actor) -> dict | None:
    if not actor.can("elders.view"):
        return None
    return {"elder_count": elders(actor).filter(status=Elder.Status.ACTIVE).count()}


def service_panel(actor: Actor) -> dict | None:
    """The elder's one big button to their own page."""
    return {} if actor.can("elders.home") else None
