"""Reads of screening, scoped to the actor: campaigns, a student's own screenings, who has answered (never what),
the counsellor's summary with groups under 5 suppressed for everyone else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role, SchoolClass
from xinhuo.people import selectors as people_selectors
from xinhuo.people.consent import conditions, notices_in_effect, requirement

from ..models import Campaign, CampaignStatus, Response, Scale, ScaleResult
from ..scales import Risk

if TYPE_CHECKING:
    from xinhuo.people.models import Student

SMALL_GROUP = 5  # DESIGN.md: aggregates of fewer people are not shown outside the counsellors


def campaign_audience(campaign: Campaign) -> QuerySet[Student]:
    """The enrolled students of the campaign's grades and classes. Both are `IN (subquery)` conditions, which
    join no row twice: no DISTINCT (a sort of the whole audience on SQLite)."""
    return people_selectors.enrolled_students_of_school(campaign.school_id).filter(
        Q(school_class__grade__in=campaign.grades.all()) | Q(school_class__in=campaign.classes.all()))


def answers_of(response: Response) -> dict[str, dict[str, int]]:
    """The response's answers ({scale pk: {item number: score}}, keys as strings) with their scores as ints: the
    encrypted field keeps every value as text, so a score saved as 2 reads back as "2"."""
    return {str(scale): {str(item): int(value) for item, value in given.items()}
            for scale, given in (response.answers or {}).items()}


def scales_of(campaign: Campaign) -> list[Scale]:
    """The campaign's scales in order, with what Scale.spec reads (four queries)."""
    links = campaign.campaign_scales.select_related("scale").prefetch_related(
        "scale__items", "scale__options", "scale__bands").order_by("order", "pk")
    return [link.scale for link in links]


def scales(actor: Actor) -> QuerySet[Scale]:
    """The standard scales and the school's configured ones."""
    return Scale.objects.filter(Q(school__isnull=True) | Q(school=actor.school))


def campaigns(actor: Actor) -> QuerySet[Campaign]:
    """Screenings the actor may see listed: the counsellors and the committee all of the school, a head teacher
    those that include one of their classes (for who has answered); others none."""
    qs = Campaign.objects.filter(school=actor.school)
    if actor.can("screening.manage") or actor.can("screening.summary"):
        return qs
    if actor.can("screening.progress") and actor.class_ids:
        return qs.filter(Q(classes__in=actor.class_ids) | Q(grades__classes__in=actor.class_ids)).exclude(
            status=CampaignStatus.DRAFT).distinct()
    return qs.none()


def campaign_detail(actor: Actor, pk: int) -> Campaign:
    campaign = campaigns(actor).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


@dataclass
class MyScreening:
    campaign: Campaign
    state: str  # "open", "started", "submitted", "no_consent", "closed"
    why: str = ""
    answered: int = 0
    questions: int = 0


def my_screenings(actor: Actor, now: dt.datetime | None = None) -> list[MyScreening]:
    """A student's published screenings that are open or that they answered, newest first. Constant queries: the
    consent is the same for every screening, so services.refusal is asked once at most."""
    from .services import refusal

    if actor.student_id is None:
        return []
    now = now or timezone.now()
    student = people_selectors.students_of_school(actor.school).select_related("school_class").get(pk=actor.student_id)
    qs = (Campaign.objects.filter(school=actor.school, status=CampaignStatus.PUBLISHED, opens_at__lte=now)
          .filter(Q(grades=student.school_class.grade_id) | Q(classes=student.school_class_id)).distinct()
          .prefetch_related(Prefetch("responses", Response.objects.filter(student=student), to_attr="mine"),
                            Prefetch("campaign_scales__scale__items", to_attr="item_list"))
          .order_by("-opens_at", "-pk"))
    out = []
    why: str | None = None
    for campaign in qs:
        response = campaign.mine[0] if campaign.mine else None
        if response is not None and response.submitted_at:
            out.append(MyScreening(campaign, "submitted"))
            continue
        if now >= campaign.closes_at:
            if response is not None:
                out.append(MyScreening(campaign, "closed"))
            continue
        if why is None:
            why = refusal(actor, campaign, now)
        if why:
            out.append(MyScreening(campaign, "no_consent", why))
            continue
        asked = sum(len(getattr(link.scale, "item_list", ())) for link in campaign.campaign_scales.all())
        answered = sum(len(v) for v in (response.answers or {}).values()) if response else 0
        out.append(MyScreening(campaign, "started" if response else "open", answered=answered, questions=asked))
    return out


@dataclass
class ClassProgress:
    school_class: object
    students: int = 0
    no_consent: int = 0
    submitted: int = 0
    started: int = 0
    waiting: list[Student] = field(default_factory=list)  # consent given, not yet submitted (when named)
    waiting_count: int = 0

    @property
    def rate(self) -> int:
        able = self.students - self.no_consent
        return round(100 * self.submitted / able) if able else 0


def campaign_progress(actor: Actor, campaign: Campaign, on: dt.date | None = None, *,
                      names: bool = True) -> list[ClassProgress]:
    """Per class of the audience the actor may see (a head teacher: their classes): how many students, without
    consent, submitted, and who has not yet answered (`names`: the waiting students' rows; the summary, which
    shows no names, counts only). Never an answer or a score. Constant queries."""
    whole = actor.can("screening.manage") or actor.can("screening.summary")
    responses = Response.objects.filter(campaign=campaign)
    if not whole:
        responses = responses.filter(student__school_class__in=actor.class_ids)
    states = dict(responses.order_by().values_list("student_id", _SUBMITTED))
    return _progress(actor, campaign, states, on, names=names)


# whether a response is submitted, from the database: a datetime read back from SQLite is parsed in Python, and a
# whole school's responses are thousands of them
_SUBMITTED = ExpressionWrapper(Q(submitted_at__isnull=False), output_field=BooleanField())


def _progress(actor: Actor, campaign: Campaign, states: dict[int, bool], on: dt.date | None = None,
              *, names: bool = True) -> list[ClassProgress]:
    """campaign_progress from `states` ({student pk: whether submitted} of the campaign's responses; may hold
    students outside the audience, only the audience's are looked up).

    Counted from plain rows of one query (the audience with its screening consent as a column): model instances
    of every student of a large audience (4,000: the whole school for a monthly check-in) cost most of the
    summary's time, and each separate query over the audience repeats its joins."""
    audience = campaign_audience(campaign)
    if not (actor.can("screening.manage") or actor.can("screening.summary")):
        audience = audience.filter(school_class__in=actor.class_ids)
    # Whether each student has the screening consent, as consent.row_status decides it from the two parties'
    # columns and the age: `conditions().complete` repeats each party's consent subquery for each age group (four
    # subqueries for two), the most costly part of the summary.
    day = on or timezone.localdate()
    notices = notices_in_effect(campaign.school_id, day)
    order = ("school_class__grade__level", "school_class__number", "student_no")
    if "screening" in notices:
        cond = conditions(campaign.school_id, "screening", day, notices)
        audience = audience.annotate(guardian_ok=ExpressionWrapper(cond.guardian_ok, output_field=BooleanField()),
                                     student_ok=ExpressionWrapper(cond.student_ok, output_field=BooleanField()))
    else:  # no notice in effect: no consent counts
        audience = audience.annotate(guardian_ok=Value(False), student_ok=Value(False))
    # unordered: the classes are put in order below (sorting the whole audience by a text column cost PostgreSQL
    # more than the rest of the query)
    rows_of = list(audience.order_by().values_list("pk", "school_class_id", "birth_date", "guardian_ok",
                                                   "student_ok"))
    classes = {c.pk: c for c in SchoolClass.objects.filter(
        pk__in={row[1] for row in rows_of}).select_related("grade")}
    rows: dict[int, ClassProgress] = {}
    waiting: list[int] = []
    for pk, class_id, birth_date, guardian_ok, student_ok in rows_of:
        row = rows.get(class_id)
        if row is None:
            row = rows[class_id] = ClassProgress(classes[class_id])
        row.students += 1
        if states.get(pk):
            row.submitted += 1
            continue
        needs = requirement(birth_date, day)
        if (needs.guardian and not guardian_ok) or (needs.student and not student_ok):
            row.no_consent += 1
            continue
        if pk in states:
            row.started += 1
        row.waiting_count += 1
        waiting.append(pk)
    if names and waiting:
        for s in (people_selectors.students_of_school(actor.school).filter(pk__in=waiting)
                  .select_related("school_class__grade").order_by(*order)):
            rows[s.school_class_id].waiting.append(s)
    # grade level and class number are unique in a school (core's constraints)
    return [rows[pk] for pk in sorted(rows, key=lambda pk: (classes[pk].grade.level, classes[pk].number))]


@dataclass
class Summary:
    campaign: Campaign
    suppressed: bool  # groups under SMALL_GROUP are hidden (everyone but the counsellors)
    progress: list[ClassProgress]
    bands: dict[str, list[tuple[str, int | None]]]  # scale name -> [(band, count or None when suppressed)]
    risks: list[tuple[str, int | None]]
    alerts: dict[str, int | None]
    cases: list[tuple[str, int | None]]  # the follow-up cases of its respondents opened since it opened, by state


def _suppress(n: int, suppressed: bool) -> int | None:
    return None if suppressed and 0 < n < SMALL_GROUP else n


def campaign_summary(actor: Actor, campaign: Campaign, scales: list[Scale] | None = None) -> Summary:
    """The screening's summary: response rate by class, the distribution by band (for a chart), risk levels,
    alerts open and closed, the follow-up cases it led to by state. Outside the counsellors, a count under 5 is
    shown as "<5". `scales`: scales_of(campaign) when the caller has them already.

    The campaign's responses are read once, as plain rows, for both the progress and the risk levels."""
    from ..models import Alert, AlertStatus, Case, CaseStatus

    suppressed = not actor.has_role(Role.COUNSELLOR)
    states: dict[int, bool] = {}
    by_risk: dict[int | None, int] = {}
    # order_by(): the models' default orderings join and sort other tables for nothing here
    for student_id, is_submitted, risk in Response.objects.filter(campaign=campaign).order_by().values_list(
            "student_id", _SUBMITTED, "risk"):
        states[student_id] = is_submitted
        if is_submitted:
            by_risk[risk] = by_risk.get(risk, 0) + 1
    progress = _progress(actor, campaign, states, names=False)
    submitted = ScaleResult.objects.filter(response__campaign=campaign, response__submitted_at__isnull=False
                                           ).order_by()
    bands: dict[str, list[tuple[str, int | None]]] = {}
    counts = {(r["scale_id"], r["band"]): r["n"] for r in submitted.values("scale_id", "band").annotate(n=Count("pk"))}
    for scale in scales_of(campaign) if scales is None else scales:
        labels = [b.label for b in sorted(scale.bands.all(), key=lambda b: b.low) if not b.subscale]
        bands[scale.name] = [(label, _suppress(counts.get((scale.pk, label), 0), suppressed)) for label in labels]
    risks = [(str(r.label), _suppress(by_risk.get(r.value, 0), suppressed)) for r in Risk]
    alert_counts = dict(Alert.objects.filter(response__campaign=campaign).order_by().values("status")
                        .annotate(n=Count("pk")).values_list("status", "n"))
    alerts = {"open": _suppress(alert_counts.get(AlertStatus.OPEN, 0), suppressed),
              "acknowledged": _suppress(alert_counts.get(AlertStatus.ACKNOWLEDGED, 0), suppressed)}
    respondents = Response.objects.filter(campaign=campaign, submitted_at__isnull=False).values("student_id")
    by_state = dict(Case.objects.filter(school_id=campaign.school_id, student_id__in=respondents,
                                        opened_at__gte=campaign.opens_at)
                    .values("status").annotate(n=Count("pk")).values_list("status", "n"))
    cases = [(str(s.label), _suppress(by_state.get(s.value, 0), suppressed)) for s in CaseStatus]
    return Summary(campaign, suppressed, progress, bands, risks, alerts, cases)


def results(actor: Actor, campaign: Campaign) -> QuerySet[Response]:
    """The submitted responses with their results, for the counsellors only (item answers on the detail)."""
    if not actor.has_role(Role.COUNSELLOR):
        return Response.objects.none()
    return (Response.objects.filter(campaign=campaign, school=actor.school, submitted_at__isnull=False)
            .select_related("student__school_class__grade").prefetch_related("results__scale")
            .order_by("-risk", "student__school_class__grade__level", "student__school_class__number",
                      "student__student_no"))


def response_detail(actor: Actor, pk: int) -> Response:
    response = results_all(actor).filter(pk=pk).first()
    if response is None:
        raise Http404
    return response


def results_all(actor: Actor) -> QuerySet[Response]:
    if not actor.has_role(Role.COUNSELLOR):
        return Response.objects.none()
    return Response.objects.filter(school=actor.school, submitted_at__isnull=False).select_related(
        "campaign", "student__school_class__grade").prefetch_related("results__scale")


# --- answering and the campaign form ---------------------------------------------------------------------------------


def answer_campaign(actor: Actor, pk: int) -> Campaign:
    """A published (or cancelled) screening of the actor's school, for the answering page: whether they may
    answer it is services.refusal's to say; a draft is not shown."""
    campaign = (Campaign.objects.filter(school=actor.school, pk=pk).exclude(status=CampaignStatus.DRAFT).first()
                if actor.student_id else None)
    if campaign is None:
        raise Http404
    return campaign


def my_response(actor: Actor, campaign: Campaign) -> Response | None:
    if actor.student_id is None:
        return None
    # one row at most (unique): order_by() spares the join and sort of the default ordering (by campaign)
    return Response.objects.filter(campaign=campaign, student_id=actor.student_id).order_by().first()


@dataclass
class Question:
    index: int  # 1-based, across the campaign's scales
    scale: Scale
    instructions: str
    number: int
    text: str
    options: list[tuple[str, int]]  # (label, score)
    answer: int | None = None


def questions(campaign: Campaign, answers: dict | None = None) -> list[Question]:
    """Every question of the campaign in order, with the answer given so far (None when not yet)."""
    answers = answers or {}
    out: list[Question] = []
    for scale in scales_of(campaign):
        spec = scale.spec()
        given = answers.get(str(scale.pk), {})
        for item in spec.items:
            out.append(Question(len(out) + 1, scale, spec.instructions, item.number, item.text,
                                [(o.label, o.score) for o in spec.options_of(item)], given.get(str(item.number))))
    return out


def campaign_form_choices(actor: Actor) -> dict:
    """The ready scales, grades and classes a counsellor may choose for a screening."""
    from xinhuo.core.models import Grade, SchoolClass

    return {"scales": scales(actor).filter(ready=True),
            "grades": Grade.objects.filter(school=actor.school).order_by("level", "pk"),
            "classes": SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True)
            .select_related("grade").order_by("grade__level", "number", "pk")}


def response_items(response: Response) -> list[Question]:
    """A submitted response's questions with the chosen answers (for the counsellors: rules see_answers)."""
    return questions(response.campaign, answers_of(response))


# --- the counsellor's home page (issue 20) ------------------------------------------------------------------------

PANEL_CAMPAIGNS = 3


@dataclass
class CampaignCompletion:
    campaign: Campaign
    students: int  # the audience
    no_consent: int
    submitted: int

    @property
    def able(self) -> int:
        return self.students - self.no_consent

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.able) if self.able else 0


def screening_panel(actor: Actor, now: dt.datetime | None = None) -> dict | None:
    """The screenings open now (published, between opening and closing; the first three to close), each with how
    many of the students who may answer have submitted; when none is open, the last one closed. For the counsellors,
    who run them; the figures are of the whole audience and name no one. Queries: one or two, and a few per
    screening (campaign_progress)."""
    if not actor.can("screening.manage"):
        return None
    now = now or timezone.now()
    published = campaigns(actor).filter(status=CampaignStatus.PUBLISHED)
    running = list(published.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "pk")
                   [:PANEL_CAMPAIGNS])
    # none open: the last one that closed, with where it ended
    last = None if running else published.filter(closes_at__lte=now).order_by("-closes_at", "-pk").first()
    rows = []
    for campaign in running or ([last] if last else []):
        progress = campaign_progress(actor, campaign, names=False)
        rows.append(CampaignCompletion(campaign, sum(p.students for p in progress),
                                       sum(p.no_consent for p in progress), sum(p.submitted for p in progress)))
    return {"campaigns": rows if running else [], "last": rows[0] if last else None}
