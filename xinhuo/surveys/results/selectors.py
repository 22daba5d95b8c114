"""Statistics of a survey's answers (SRV-2) and the results other apps read (SRV-4).

Who sees them: the survey's owner and the committee (rules "see_results"); anyone else gets 404.

Small groups (DESIGN.md): in an ANONYMOUS survey nothing is shown of a group of fewer than MIN_GROUP (5) responses
— the whole survey until it has 5, a filter's result, a cross-tabulation's group, a question answered by fewer
than 5 (skip logic makes such groups). A filter is also hidden when the responses it leaves out are 1 to 4 (the
whole minus the filter would show them), and a cross-tab hides its next smallest group when the hidden ones would
add up to 1 to 4. A named survey shows every group (its owner may see each answer anyway, access-logged).

For other apps (the evaluation app, the activity page), aggregates only:

``satisfaction(school, year, audience) -> Satisfaction | None``
    Mean satisfaction, 0–100, of the surveys with a satisfaction purpose (student or parent satisfaction) that
    opened within the school year ``year`` (a core SchoolYear) and are published or closed, over the responses
    given as ``audience`` ("student", "parent", "elder", "teacher"). A response scores the mean of its scale
    answers (Likert, rating and each matrix row), point 1 -> 0 and the top point -> 100; the result is the mean
    over the responses (``score``), with ``n`` (responses counted) and ``surveys`` (the surveys counted). An
    anonymous survey with fewer than 5 responses does not count. None when no response counts.

``activity_effect(activity) -> Effect | None``
    The activity's effect survey (its latest version that is not a draft): ``n`` responses, ``overall`` the mean
    of its overall rating (the question keyed "overall", else its first rating) and the rating's points,
    ``recommend_pct`` the share answering the first option ("Yes") of the question keyed "recommend", and the
    survey. The numbers are None while an anonymous survey has fewer than 5 responses. None when the activity has
    no effect survey.

Reading: one query for the answers (decrypted row by row), the computed statistics cached per (survey, response
count, filters, language) so a page seen again reads no answer until someone answers. Only the statistics go
into the cache (which may be the database), never an answer: they are what the page shows anyway. Measured with
4,000 responses of nine questions on a shared 2-core machine: statistics about 100 ms (half of it decrypting),
the page 130 ms, 30 ms when cached.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics as pystats
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.models import Grade, Membership, SchoolClass
from xinhuo.core.params import parse_id

from .. import questions as qs
from ..models import Audience, Participation, Purpose, Response, Survey, SurveyStatus
from ..questions import Kind, QSpec
from ..rules import can
from ..selectors import TEACHER_ROLES, surveys

MIN_GROUP = 5
CACHE_SECONDS = 600
SATISFACTION_PURPOSES = (Purpose.STUDENT_SATISFACTION, Purpose.PARENT_SATISFACTION)
CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.LIKERT, Kind.RATING})  # what a cross-tab can show
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})


def too_few_text() -> str:
    return _("Fewer than 5 responses: not shown")


# -- which survey --------------------------------------------------------------------------------------------------

def results_survey(actor: Actor, pk) -> Survey:
    """A survey whose results the actor may see (its owner, the committee), with its questions; else 404."""
    survey = (surveys(actor).filter(pk=pk).prefetch_related("questions", "grades", "classes", "parent_classes")
              .first())
    if survey is None or not can(actor, "see_results", survey):
        raise Http404
    return survey


def result_list(actor: Actor) -> QuerySet[Survey]:
    """The surveys whose results the actor may see, with their response counts (kept on the survey)."""
    return surveys(actor).exclude(status=SurveyStatus.DRAFT)


def answerable_specs(survey: Survey) -> list[QSpec]:
    return [q for q in survey.specs() if q.answerable]


# -- filters -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    audience: str = ""
    grade: int | None = None
    school_class: int | None = None  # named surveys only: an anonymous response keeps no class

    @classmethod
    def from_query(cls, survey: Survey, data) -> Filters:
        def number(name: str) -> int | None:
            return parse_id(str(data.get(name, "") or "").strip())

        audience = data.get("audience", "") or ""
        return cls(audience=audience if audience in Audience.values else "", grade=number("grade"),
                   school_class=None if survey.anonymous else number("class"))

    @property
    def active(self) -> bool:
        return bool(self.audience or self.grade or self.school_class)

    def q(self) -> Q:
        cond = Q()
        if self.audience:
            cond &= Q(audience=self.audience)
        if self.grade:
            cond &= Q(grade_id=self.grade)
        if self.school_class:
            cond &= Q(school_class_id=self.school_class)
        return cond

    def key(self) -> str:
        return f"{self.audience}:{self.grade or ''}:{self.school_class or ''}"


NO_FILTERS = Filters()


def filter_choices(survey: Survey) -> dict[str, list[tuple[Any, Any]]]:
    """The filters' choices: the audiences, grades and (named) classes the survey's responses come from."""
    found = Response.objects.filter(survey=survey, submitted_on__isnull=False)
    audiences = set(found.values_list("audience", flat=True).distinct())
    grade_ids = set(found.exclude(grade=None).values_list("grade_id", flat=True).distinct())
    out: dict[str, list[tuple[Any, Any]]] = {
        "audience": [(a, label) for a, label in Audience.choices if a in audiences],
        "grade": [(g.pk, g.name) for g in Grade.objects.filter(pk__in=grade_ids).order_by("level", "pk")],
        "class": [],
    }
    if not survey.anonymous:
        class_ids = set(found.exclude(school_class=None).values_list("school_class_id", flat=True).distinct())
        out["class"] = [(c.pk, str(c)) for c in SchoolClass.objects.filter(pk__in=class_ids)
                        .select_related("grade").order_by("grade__level", "number", "pk")]
    return out


# -- reading the answers -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    answers: dict
    audience: str
    grade_id: int | None
    class_id: int | None


def submitted(survey: Survey) -> QuerySet[Response]:
    return Response.objects.filter(survey=survey, submitted_on__isnull=False)


def _rows(survey: Survey, filters: Filters = NO_FILTERS) -> list[Row]:
    """The submitted answers (one query; each row's JSON decrypted here)."""
    out = []
    for text, audience, grade_id, class_id in (submitted(survey).filter(filters.q())
                                                .values_list("answers_text", "audience", "grade_id",
                                                             "school_class_id")):
        try:
            answers = json.loads(text or "{}")
        except ValueError:
            answers = {}
        out.append(Row(answers, audience, grade_id, class_id))
    return out


# -- one question's statistics -------------------------------------------------------------------------------------

def _pct(count: int, n: int) -> float:
    return round(100 * count / n, 1) if n else 0.0


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _ints(values: Iterable[Any]) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def question_stats(q: QSpec, values: Sequence[Any], *, anonymous: bool = False) -> dict:
    """The statistics of one question from its answers (the canonical values, blanks left out).

    Always: key, kind, text, n (how many answered) and `hidden` (anonymous and 1..4 answers: nothing else is
    given). Percentages are of those who answered the question (multiple choice: may add up to more than 100)."""
    n = len(values)
    out: dict[str, Any] = {"key": q.key, "kind": q.kind, "text": q.text, "n": n, "hidden": False}
    if anonymous and 0 < n < MIN_GROUP and q.kind not in TEXT_KINDS:
        out["hidden"] = True
        return out
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        counts: Counter[int] = Counter()
        for v in values:
            counts.update(_ints(v if isinstance(v, list) else [v]))
        out["options"] = [{"label": label, "count": counts[i], "pct": _pct(counts[i], n)}
                          for i, label in enumerate(q.options)]
    elif q.kind in (Kind.LIKERT, Kind.RATING):
        points = _ints(values)
        counts = Counter(points)
        out["scale"] = [{"value": v, "label": label, "count": counts[v], "pct": _pct(counts[v], n)}
                        for v, label in zip(q.scale_values(), q.scale_labels(), strict=False)]
        out["mean"] = _mean(points)
        out["points"] = q.points
    elif q.kind == Kind.MATRIX:
        rows = []
        for r, label in enumerate(q.rows):
            points = _ints(v.get(str(r)) for v in values if isinstance(v, dict))
            counts = Counter(points)
            rows.append({"label": label, "n": len(points), "mean": _mean(points),
                         "counts": [counts[v] for v in q.scale_values()],
                         "pcts": [_pct(counts[v], len(points)) for v in q.scale_values()]})
        out.update(rows=rows, labels=q.scale_labels(), points=q.points)
    elif q.kind == Kind.RANKING:
        places: dict[int, list[int]] = defaultdict(list)
        firsts: Counter[int] = Counter()
        for v in values:
            order = _ints(v) if isinstance(v, list) else []
            for place, option in enumerate(order, 1):
                places[option].append(place)
            if order:
                firsts[order[0]] += 1
        options = [{"label": label, "mean_place": _mean(places[i]), "first": firsts[i]}
                   for i, label in enumerate(q.options)]
        out["options"] = sorted(options, key=lambda o: (o["mean_place"] is None, o["mean_place"] or 0))
    elif q.kind == Kind.NUMBER:
        numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        out.update(mean=_mean(numbers), min=min(numbers, default=None), max=max(numbers, default=None),
                   median=pystats.median(numbers) if numbers else None)
    elif q.kind == Kind.DATE:
        months = Counter(str(v)[:7] for v in values if isinstance(v, str))
        out["months"] = [{"month": m, "count": c} for m, c in sorted(months.items())]
    elif q.kind in TEXT_KINDS:
        out["count"] = n
    return out


# -- a survey's statistics -----------------------------------------------------------------------------------------

@dataclass
class Stats:
    total: int  # responses in the group (after the filters)
    questions: list[dict] = field(default_factory=list)
    hidden: bool = False  # anonymous and too few: nothing of the group is shown
    why: str = ""

    def as_dict(self) -> dict:
        return {"total": self.total, "hidden": self.hidden, "why": self.why, "questions": self.questions}


def _hidden_group(survey: Survey, group: int, whole: int) -> bool:
    """Whether an anonymous survey hides a group of `group` responses out of `whole` (its rest counts too)."""
    if not survey.anonymous:
        return False
    rest = whole - group
    return group < MIN_GROUP or 0 < rest < MIN_GROUP


def statistics(survey: Survey, filters: Filters = NO_FILTERS) -> Stats:
    """Per-question statistics of the survey's submitted responses within the filters (cached)."""
    key = f"surveys:stats:{survey.pk}:{survey.response_count}:{filters.key()}:{get_language()}"
    found = cache.get(key)
    if found is not None:
        return found
    stats = _statistics(survey, filters)
    cache.set(key, stats, CACHE_SECONDS)
    return stats


def _statistics(survey: Survey, filters: Filters) -> Stats:
    rows = _rows(survey, filters)
    total = len(rows)
    whole = submitted(survey).count() if filters.active else total
    if survey.anonymous and whole < MIN_GROUP:
        return Stats(total, hidden=True, why=_("The results show once 5 people have answered: with fewer, an "
                                                "anonymous answer could be recognised."))
    if filters.active and _hidden_group(survey, total, whole):
        return Stats(total, hidden=True, why=too_few_text())
    by_key: dict[str, list] = defaultdict(list)  # one pass over the answers, not one per question
    for r in rows:
        for k, v in r.answers.items():
            if not qs.is_blank(v):
                by_key[k].append(v)
    out = [question_stats(q, by_key.get(q.key, []), anonymous=survey.anonymous) for q in answerable_specs(survey)]
    return Stats(total, out)


# -- cross-tabulation ----------------------------------------------------------------------------------------------

BY_CHOICES = ("audience", "grade", "class")


def crosstab_questions(survey: Survey) -> list[QSpec]:
    return [q for q in answerable_specs(survey) if q.kind in CHOICE_KINDS]


def crosstab(survey: Survey, key: str, by: str, filters: Filters = NO_FILTERS) -> dict | None:
    """A choice, Likert or rating question's answers by audience, grade or class (class: named surveys only):
    one row per group, with counts and percentages per answer (and the mean of a scale). In an anonymous survey a
    group under 5 responses shows "fewer than 5" only; None when the question or grouping is not available."""
    q = next((q for q in crosstab_questions(survey) if q.key == key), None)
    if q is None or by not in BY_CHOICES or (by == "class" and survey.anonymous):
        return None
    rows = _rows(survey, filters)
    if survey.anonymous and submitted(survey).count() < MIN_GROUP:
        return None
    attr = {"audience": "audience", "grade": "grade_id", "class": "class_id"}[by]
    groups: dict[Any, list[Row]] = defaultdict(list)
    for r in rows:
        groups[getattr(r, attr)].append(r)
    names = _group_names(by, [g for g in groups if g is not None])
    columns = (list(q.options) if q.kind in (Kind.SINGLE, Kind.MULTIPLE)
               else q.scale_labels())
    table = []
    for group, members in groups.items():
        values = [r.answers[q.key] for r in members if not qs.is_blank(r.answers.get(q.key))]
        stats = question_stats(q, values)
        cells = stats.get("options") or stats.get("scale") or []
        table.append({"group": names.get(group, _("Unknown")), "responses": len(members), "n": stats["n"],
                      "cells": [{"count": c["count"], "pct": c["pct"]} for c in cells],
                      "mean": stats.get("mean"), "hidden": False})
    table.sort(key=lambda t: str(t["group"]))
    if survey.anonymous:
        _suppress(table)
    return {"question": q.text, "key": q.key, "kind": q.kind, "by": by, "columns": columns, "rows": table,
            "scale": q.kind in (Kind.LIKERT, Kind.RATING)}


def _suppress(table: list[dict]) -> None:
    """Hide the groups under 5, then the next smallest while the hidden ones add up to 1..4 (else the total minus
    the shown groups would give them away)."""
    for row in table:
        row["hidden"] = row["responses"] < MIN_GROUP
    while 0 < sum(r["responses"] for r in table if r["hidden"]) < MIN_GROUP:
        shown = [r for r in table if not r["hidden"]]
        if not shown:
            break
        min(shown, key=lambda r: r["responses"])["hidden"] = True
    for row in table:
        if row["hidden"]:
            row.update(n=None, cells=[], mean=None)


def _group_names(by: str, ids: list) -> dict:
    if by == "audience":
        return dict(Audience.choices)
    if by == "grade":
        return dict(Grade.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {c.pk: str(c) for c in SchoolClass.objects.filter(pk__in=ids).select_related("grade")}


# -- text answers --------------------------------------------------------------------------------------------------

def text_question(survey: Survey, key: str) -> QSpec:
    q = next((q for q in answerable_specs(survey) if q.key == key and q.kind in TEXT_KINDS), None)
    if q is None:
        raise Http404
    return q


def text_answers(survey: Survey, key: str, *, search: str = "", filters: Filters = NO_FILTERS) -> tuple[list[str], str]:
    """(the text answers to the question, the reason they are hidden or ""), containing `search` (case-blind);
    never a name. An anonymous survey's filtered group under 5 (or its rest 1..4) shows nothing."""
    rows = _rows(survey, filters)
    whole = submitted(survey).count() if filters.active else len(rows)
    if survey.anonymous and (whole < MIN_GROUP or (filters.active and _hidden_group(survey, len(rows), whole))):
        return [], too_few_text()
    needle = search.strip().casefold()
    texts = [str(r.answers[key]) for r in rows if isinstance(r.answers.get(key), str) and r.answers[key].strip()]
    if needle:
        texts = [t for t in texts if needle in t.casefold()]
    return texts, ""


# -- one response in words -----------------------------------------------------------------------------------------

def answer_text(q: QSpec, value: Any) -> str:
    """An answer as people read it: option labels (several joined by "；"), a point with its label, a matrix's
    rows, a ranking's order."""
    if qs.is_blank(value):
        return ""

    def option(i: Any) -> str:
        return q.options[i] if isinstance(i, int) and 0 <= i < len(q.options) else str(i)

    if q.kind == Kind.SINGLE:
        return option(value)
    if q.kind == Kind.MULTIPLE:
        return "；".join(option(i) for i in (value if isinstance(value, list) else [value]))
    if q.kind in (Kind.LIKERT, Kind.RATING):
        return scale_text(q, value)
    if q.kind == Kind.MATRIX and isinstance(value, dict):
        return "；".join(f"{row}：{scale_text(q, value.get(str(r)))}" for r, row in enumerate(q.rows)
                        if value.get(str(r)) is not None)
    if q.kind == Kind.RANKING and isinstance(value, list):
        return "；".join(f"{n}. {option(i)}" for n, i in enumerate(value, 1))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def scale_text(q: QSpec, value: Any) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return ""
    labels = q.scale_labels()
    label = labels[value - 1] if 1 <= value <= len(labels) else ""
    if q.kind == Kind.RATING or not label or label == str(value):
        return str(value)
    return f"{value}（{label}）"


@dataclass(frozen=True)
class NamedResponse:
    pk: int
    name: str
    school_class: str
    audience: str
    submitted_on: dt.date | None
    answers: list[tuple[str, str]]  # (question, answer in words)


def named_responses(survey: Survey, *, search: str = "", filters: Filters = NO_FILTERS) -> QuerySet[Response]:
    """The submitted responses of a NAMED survey with their respondents (404 for an anonymous one)."""
    if survey.anonymous:
        raise Http404
    found = (submitted(survey).filter(filters.q()).select_related("respondent", "school_class__grade")
             .order_by("school_class__grade__level", "school_class__number", "respondent__full_name", "pk"))
    if search.strip():
        found = found.filter(respondent__full_name__icontains=search.strip())
    return found


def in_words(survey: Survey, responses: Iterable[Response]) -> list[NamedResponse]:
    specs = answerable_specs(survey)
    out = []
    for r in responses:
        answers = r.answers
        out.append(NamedResponse(
            r.pk, r.respondent.display_name if r.respondent else _("(account removed)"),
            str(r.school_class) if r.school_class_id else "", r.get_audience_display(), r.submitted_on,
            [(q.text, answer_text(q, answers.get(q.key))) for q in specs if not qs.is_blank(answers.get(q.key))]))
    return out


# -- response rates ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    audience: str
    label: str
    group: str  # "" for the audience as a whole, else a class
    invited: int
    answered: int

    @property
    def pct(self) -> float | None:
        return _pct(self.answered, self.invited) if self.invited else None


def response_rates(survey: Survey) -> list[Rate]:
    """Per audience (and, for students and parents, per class): how many were invited and how many answered.

    Invited: the students with an account of the survey's grades and classes (none named: the whole school), the
    parents with an account whose child is in the classes named (a parent of two counts once, in the first
    class, as the answering page seats them), the elders and the teachers with an account; of an activity's
    effect survey its participants. Answered: the submitted participations (a named draft is not counted)."""
    from xinhuo.people.selectors import enrolled_filter, enrolled_students_of_school, guardian_links_of_classes

    answered: dict[tuple[str, int | None], int] = defaultdict(int)
    for audience, class_id, n in (Participation.objects.filter(survey=survey, submitted=True)
                                  .values_list("audience", "school_class_id").annotate(n=Count("pk"))
                                  .order_by()):
        answered[(audience, class_id)] += n
    invited: dict[tuple[str, int | None], int] = defaultdict(int)
    audiences: list[str] = []
    if survey.activity_id is not None:
        from xinhuo.activities.selectors import participant_seats

        for kind in participant_seats(survey.activity).values():  # type: ignore[arg-type]
            invited[(kind, None)] += 1
        audiences = [a for a in Audience.values if invited.get((a, None))]
        return [Rate(a, str(Audience(a).label), "", invited[(a, None)],
                     sum(n for (aud, _c), n in answered.items() if aud == a)) for a in audiences]
    if survey.for_students:
        students = enrolled_students_of_school(survey.school_id).filter(user__isnull=False)
        grades = [g.pk for g in survey.grades.all()]
        classes = [c.pk for c in survey.classes.all()]
        if grades or classes:
            students = students.filter(Q(school_class__grade_id__in=grades) | Q(school_class_id__in=classes))
        for class_id, n in students.values_list("school_class_id").annotate(n=Count("pk")).order_by():
            invited[(Audience.STUDENT, class_id)] += n
        audiences.append(Audience.STUDENT)
    if survey.for_parents:
        wanted = [c.pk for c in survey.parent_classes.all()]
        class_ids = wanted or list(SchoolClass.objects.filter(school_id=survey.school_id).values_list("pk", flat=True))
        first: dict[int, int] = {}
        for user_id, class_id in (guardian_links_of_classes(class_ids).filter(enrolled_filter("student__"),
                                                                                guardian__user__isnull=False)
                                  .values_list("guardian__user_id", "student__school_class_id")):
            first[user_id] = min(class_id, first.get(user_id, class_id))
        for class_id in first.values():
            invited[(Audience.PARENT, class_id)] += 1
        audiences.append(Audience.PARENT)
    for flag, audience, roles in ((survey.for_elders, Audience.ELDER, ["elder"]),
                                  (survey.for_teachers, Audience.TEACHER, sorted(TEACHER_ROLES))):
        if flag:
            invited[(audience, None)] = (Membership.objects.filter(school_id=survey.school_id, role__in=roles)
                                         .values("user_id").distinct().count())
            audiences.append(audience)
    class_names = {c.pk: str(c) for c in SchoolClass.objects.filter(
        pk__in={c for (_a, c) in [*invited, *answered] if c is not None}).select_related("grade")}
    out = []
    for a in audiences:
        label = str(Audience(a).label)
        keys = sorted({c for (aud, c) in [*invited, *answered] if aud == a},
                      key=lambda c: (c is None, class_names.get(c, "") if c else ""))
        out.append(Rate(a, label, "", sum(invited[(a, c)] for c in keys), sum(answered[(a, c)] for c in keys)))
        if a in (Audience.STUDENT, Audience.PARENT):
            out.extend(Rate(a, label, class_names.get(c, _("Unknown")), invited[(a, c)], answered[(a, c)])
                       for c in keys if c is not None)
    return out


# -- for other apps (SRV-4): see the module's docstring ------------------------------------------------------------

@dataclass(frozen=True)
class Satisfaction:
    score: float  # 0..100
    n: int
    surveys: tuple[Survey, ...]


def _scale_score(q: QSpec, value: Any) -> list[float]:
    span = (q.points or 0) - 1
    if span <= 0:
        return []
    if q.kind in (Kind.LIKERT, Kind.RATING):
        return [100 * (value - 1) / span] if isinstance(value, int) and 1 <= value <= span + 1 else []
    if q.kind == Kind.MATRIX and isinstance(value, dict):
        return [100 * (v - 1) / span for v in value.values() if isinstance(v, int) and 1 <= v <= span + 1]
    return []


def satisfaction(school, year, audience: str) -> Satisfaction | None:
    start = timezone.make_aware(dt.datetime.combine(year.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(year.end, dt.time.max))
    found = (Survey.objects.filter(school=school, purpose__in=SATISFACTION_PURPOSES,
                                   status__in=[SurveyStatus.PUBLISHED, SurveyStatus.CLOSED],
                                   opens_at__gte=start, opens_at__lte=end)
             .prefetch_related("questions").order_by("opens_at", "pk"))
    scores: list[float] = []
    counted = []
    for survey in found:
        if survey.anonymous and survey.response_count < MIN_GROUP:
            continue
        scales = [q for q in answerable_specs(survey) if q.kind in qs.WITH_POINTS]
        if not scales:
            continue
        before = len(scores)
        for row in _rows(survey, Filters(audience=audience)):
            mine = [s for q in scales for s in _scale_score(q, row.answers.get(q.key))]
            if mine:
                scores.append(sum(mine) / len(mine))
        if len(scores) > before:
            counted.append(survey)
    if not scores:
        return None
    return Satisfaction(round(sum(scores) / len(scores), 1), len(scores), tuple(counted))


@dataclass(frozen=True)
class Effect:
    survey: Survey
    n: int
    overall: float | None  # the mean overall rating
    points: int | None  # of the overall rating's scale
    recommend_pct: float | None
    hidden: bool  # anonymous with fewer than 5 responses: no numbers yet


def effect_survey(activity) -> Survey | None:
    from ..selectors import surveys_of_activity

    return (surveys_of_activity(activity).filter(purpose=Purpose.ACTIVITY_EFFECT).prefetch_related("questions")
            .first())


def activity_effect(activity, survey: Survey | None = None) -> Effect | None:
    survey = survey or effect_survey(activity)
    if survey is None:
        return None
    n = survey.response_count
    if survey.anonymous and n < MIN_GROUP:
        return Effect(survey, n, None, None, None, True)
    specs = answerable_specs(survey)
    overall = (next((q for q in specs if q.key == "overall" and q.kind == Kind.RATING), None)
               or next((q for q in specs if q.kind == Kind.RATING), None))
    recommend = next((q for q in specs if q.key == "recommend" and q.kind == Kind.SINGLE), None)
    rows = _rows(survey)
    mean = pct = None
    if overall is not None:
        mean = _mean(_ints(r.answers.get(overall.key) for r in rows))
    if recommend is not None:
        picks = _ints(r.answers.get(recommend.key) for r in rows)
        pct = _pct(sum(1 for p in picks if p == 0), len(picks)) if picks else None
    return Effect(survey, len(rows), mean, overall.points if overall else None, pct, False)


# -- the activity page's block (core.registry OBJECT_PLACES "activity") --------------------------------------------

def _url(name: str, *args) -> str:
    """A page of another part of surveys, or "" while it does not exist (the block then leaves out the link)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def activity_panel(actor: Actor, activity) -> dict | None:
    """The effect survey's block on an activity's page. The organiser (who may build surveys) and the committee:
    a button to create it when there is none, else its status, response count, short result and links. A
    participant while it is open: the link to answer it (or thanks). Anyone else: nothing."""
    from ..selectors import COMMITTEE_ROLES, answered, seat

    if activity.school_id != actor.school.pk:
        return None
    found = list(Survey.objects.filter(activity=activity, purpose=Purpose.ACTIVITY_EFFECT)
                 .prefetch_related("questions").order_by("-version", "-pk")[:3])
    survey = next((s for s in found if s.status != SurveyStatus.DRAFT), found[0] if found else None)
    manages = actor.can("surveys.create") and (activity.organiser_id == actor.user.pk
                                               or not actor.roles.isdisjoint(COMMITTEE_ROLES))
    if survey is None:
        url = _url("surveys:activity-effect", activity.pk)
        return {"survey": None, "create_url": url, "activity": activity} if manages and url else None
    if manages and can(actor, "see_results", survey):
        effect = activity_effect(activity, survey) if survey.status != SurveyStatus.DRAFT else None
        return {"survey": survey, "manages": True, "effect": effect, "activity": activity,
                "results_url": _url("surveys:results", survey.pk) if effect else "",
                "detail_url": _url("surveys:detail", survey.pk)}
    if survey.is_open() and seat(actor, survey) is not None:
        return {"survey": survey, "manages": False, "answered": answered(actor, survey), "activity": activity,
                "answer_url": _url("surveys:answer", survey.pk)}
    return None
