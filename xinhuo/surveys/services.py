"""Writes of surveys (SRV-1, SRV-2, SRV-4): building a questionnaire, publishing it, copies and new versions,
templates, and answering — once per person, also when anonymous. The mailbox's writes are in mailbox/services.py.

An anonymous answer is written with no actor in the change history and beside no user (models.py): the
Participation row and the Response row are inserted in one transaction and share nothing but the survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import insert, lock
from xinhuo.core.models import Grade, Role, SchoolClass
from xinhuo.core.validators import clean_text, same_school

from . import questions as qs
from .models import Participation, Purpose, Question, Response, Survey, SurveyStatus
from .rules import can
from .selectors import COMMITTEE_ROLES, Seat, questions_of, seat

QUESTION_FIELDS = ("kind", "text", "help_text", "required", "options", "rows", "points", "labels", "min_choices",
                   "max_choices", "min_value", "max_value", "show_if")
# who may give a survey to the whole school, any grade, all parents, the elders or the teachers; the others (head
# teachers) survey their own classes and their families, and the organiser of an activity its participants
WIDE_ROLES = frozenset({Role.DIRECTOR, Role.LEADER, Role.COUNSELLOR})


def _require_manage(actor: Actor, survey: Survey | None = None) -> None:
    actor.require("surveys.create")
    if survey is not None and not can(actor, "manage_survey", survey):
        raise ValidationError(_("This survey is not yours to change."))


def _check_audience(actor: Actor, *, for_students: bool, grades: list[Grade], classes: list[SchoolClass],
                    for_parents: bool, parent_classes: list[SchoolClass], for_elders: bool, for_teachers: bool,
                    activity) -> None:
    same_school(actor, *grades, *classes, *parent_classes,
                message={"classes": _("Choose grades and classes of your school.")})
    if activity is not None:
        same_school(actor, activity, message={"activity": _("Choose an activity of your school.")})
        if activity.organiser_id != actor.user.pk and actor.roles.isdisjoint(COMMITTEE_ROLES):
            raise ValidationError({"activity": _("Only the activity's organiser or the committee can survey its "
                                                 "participants.")})
        return
    if not (for_students or for_parents or for_elders or for_teachers):
        raise ValidationError({"for_students": _("Choose who answers: students, parents, elders or teachers.")})
    if not actor.roles.isdisjoint(WIDE_ROLES):
        return
    own = actor.class_ids
    if for_elders or for_teachers or grades:
        raise ValidationError({"for_students": _("You can survey the students and families of your own classes; "
                                                 "ask the committee for a wider audience.")})
    if (for_students and (not classes or any(c.pk not in own for c in classes))) or \
            (for_parents and (not parent_classes or any(c.pk not in own for c in parent_classes))):
        raise ValidationError({"classes": _("Choose among your own classes.")})


def _check_window(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    if opens_at is None or closes_at is None:
        raise ValidationError({"opens_at": _("Give the opening and closing times.")})
    if opens_at >= closes_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    return opens_at, closes_at


def _texts(title: str, intro: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title = clean_text(title, 100, "title", errors)
    intro = clean_text(intro, 1000, "intro", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the survey a title.")
    if errors:
        raise ValidationError(errors)
    return title, intro


def _answered(survey: Survey) -> bool:
    return survey.response_count > 0 or Participation.objects.filter(survey=survey).exists()


@audited
@transaction.atomic
def survey_create(*, actor: Actor, title: str, intro: str = "", purpose: str = Purpose.GENERAL,
                  anonymous: bool = True, opens_at: dt.datetime | None = None,
                  closes_at: dt.datetime | None = None, for_students: bool = False,
                  grades: Iterable[Grade] = (), classes: Iterable[SchoolClass] = (), for_parents: bool = False,
                  parent_classes: Iterable[SchoolClass] = (), for_elders: bool = False, for_teachers: bool = False,
                  activity=None) -> Survey:
    _require_manage(actor)
    title, intro = _texts(title, intro)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    opens_at, closes_at = _check_window(opens_at, closes_at)
    grades, classes, parent_classes = list(grades), list(classes), list(parent_classes)
    _check_audience(actor, for_students=for_students, grades=grades, classes=classes, for_parents=for_parents,
                    parent_classes=parent_classes, for_elders=for_elders, for_teachers=for_teachers,
                    activity=activity)
    survey = Survey.objects.create(
        school=actor.school, title=title, intro=intro, purpose=purpose, anonymous=anonymous, opens_at=opens_at,
        closes_at=closes_at, for_students=for_students and activity is None,
        for_parents=for_parents and activity is None, for_elders=for_elders and activity is None,
        for_teachers=for_teachers and activity is None, activity=activity, owner=actor.user)
    if activity is None:
        survey.grades.set(grades)
        survey.classes.set(classes)
        survey.parent_classes.set(parent_classes)
    return survey


@audited
@transaction.atomic
def survey_update(*, actor: Actor, survey: Survey, title: str, intro: str = "", purpose: str | None = None,
                  anonymous: bool | None = None, opens_at: dt.datetime | None = None,
                  closes_at: dt.datetime | None = None, for_students: bool = False, grades: Iterable[Grade] = (),
                  classes: Iterable[SchoolClass] = (), for_parents: bool = False,
                  parent_classes: Iterable[SchoolClass] = (), for_elders: bool = False,
                  for_teachers: bool = False) -> Survey:
    """A draft changes freely; once published only its title, introduction and closing time (anonymity and
    audience are what respondents were told)."""
    _require_manage(actor, survey)
    survey = lock(Survey, survey.pk, school=actor.school)
    title, intro = _texts(title, intro)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot change."))
    if survey.status == SurveyStatus.PUBLISHED:
        _opens, closes_at = _check_window(survey.opens_at, closes_at)
        if anonymous is not None and anonymous != survey.anonymous:
            raise ValidationError({"anonymous": _("Whether a survey is anonymous is fixed once it is published.")})
        survey.title, survey.intro, survey.closes_at = title, intro, closes_at
        survey.save(update_fields=["title", "intro", "closes_at"])
        return survey
    opens_at, closes_at = _check_window(opens_at, closes_at)
    if purpose is not None and purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    grades, classes, parent_classes = list(grades), list(classes), list(parent_classes)
    _check_audience(actor, for_students=for_students, grades=grades, classes=classes, for_parents=for_parents,
                    parent_classes=parent_classes, for_elders=for_elders, for_teachers=for_teachers,
                    activity=survey.activity)
    survey.title, survey.intro, survey.opens_at, survey.closes_at = title, intro, opens_at, closes_at
    if purpose is not None:
        survey.purpose = purpose
    if anonymous is not None:
        survey.anonymous = anonymous
    if survey.activity_id is None:
        survey.for_students, survey.for_parents = for_students, for_parents
        survey.for_elders, survey.for_teachers = for_elders, for_teachers
    survey.save()
    if survey.activity_id is None:
        survey.grades.set(grades)
        survey.classes.set(classes)
        survey.parent_classes.set(parent_classes)
    return survey


# -- questions ------------------------------------------------------------------------------------------------------

def _editable(actor: Actor, survey: Survey) -> Survey:
    _require_manage(actor, survey)
    survey = lock(Survey, survey.pk, school=actor.school)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot change: copy it or make a new version."))
    if _answered(survey):
        raise ValidationError(_("People have answered this survey, so its questions cannot change: make a new "
                                "version instead."))
    return survey


def _next_key(survey: Survey) -> str:
    taken = set(survey.questions.values_list("key", flat=True))
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


def _check_whole(items: list[qs.QSpec], changed_key: str | None = None) -> None:
    """Refuse a change that leaves the survey unanswerable: the changed question's own problems by field, any
    other (a condition that now names a later or a removed question) as a sentence."""
    if changed_key is not None:
        mine = next(q for q in items if q.key == changed_key)
        errors = qs.question_problems(mine)
        earlier = {}
        for q in items:
            if q.key == changed_key:
                break
            if q.answerable:
                earlier[q.key] = q
        why = qs.condition_problem(mine, earlier)
        if why:
            errors["show_if"] = why
        if errors:
            raise ValidationError(errors)
    problems = [p for p in qs.survey_problems(items) if p != _("A survey needs at least one question.")]
    if problems:
        raise ValidationError(problems[0])


def _clean_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: values[k] for k in QUESTION_FIELDS if k in values}
    for name in ("options", "rows", "labels"):
        if name in out:
            out[name] = [str(v).strip() for v in (out[name] or []) if str(v).strip()]
    for name in ("text", "help_text"):
        if name in out:
            out[name] = (out[name] or "").strip()
    errors: dict[str, str] = {}
    clean_text(out.get("text"), 300, "text", errors)
    clean_text(out.get("help_text"), 300, "help_text", errors)
    if errors:
        raise ValidationError(errors)
    kind = out.get("kind")
    if kind in qs.LAYOUT:
        out["required"] = False
    if kind not in qs.WITH_OPTIONS:
        out["options"] = []
    if kind != qs.Kind.MATRIX:
        out["rows"] = []
    if kind not in qs.WITH_POINTS:
        out["points"], out["labels"] = None, []
    if kind != qs.Kind.MULTIPLE:
        out["min_choices"] = out["max_choices"] = None
    if kind != qs.Kind.NUMBER:
        out["min_value"] = out["max_value"] = None
    return out


@audited
@transaction.atomic
def question_save(*, actor: Actor, survey: Survey, question: Question | None = None, position: int | None = None,
                  **values: Any) -> Question:
    """Add a question (at `position`, 1-based; the end when None) or change one. Refused by field when the
    question is malformed, and as a sentence when it would break another question's condition."""
    survey = _editable(actor, survey)
    fields = _clean_fields(values)
    rows = list(survey.questions.order_by("order", "pk"))
    if question is None:
        question = Question(survey=survey, key=_next_key(survey))
        index = len(rows) if position is None else max(0, min(len(rows), position - 1))
        rows.insert(index, question)
    else:
        if question.survey_id != survey.pk:
            raise ValidationError(_("This question belongs to another survey."))
        question = next(q for q in rows if q.pk == question.pk)
    for name, value in fields.items():
        setattr(question, name, value)
    items = [q.spec() for q in rows]
    _check_whole(items, question.key)
    question.save()
    _renumber(rows)
    return question


@audited
@transaction.atomic
def question_delete(*, actor: Actor, survey: Survey, question: Question) -> None:
    survey = _editable(actor, survey)
    rows = [q for q in survey.questions.order_by("order", "pk") if q.pk != question.pk]
    if len(rows) == survey.questions.count():
        raise ValidationError(_("This question belongs to another survey."))
    for q in rows:
        if q.show_if and q.show_if.get("key") == question.key:
            raise ValidationError(_("“%(text)s” is shown only after an answer to this question: change its condition "
                                    "first.") % {"text": q.text})
    question.delete()
    _renumber(rows)


@audited
@transaction.atomic
def question_move(*, actor: Actor, survey: Survey, question: Question, by: int) -> None:
    """Move a question up (by=-1) or down (+1); refused when a condition would then name a later question."""
    survey = _editable(actor, survey)
    rows = list(survey.questions.order_by("order", "pk"))
    index = next((i for i, q in enumerate(rows) if q.pk == question.pk), None)
    if index is None:
        raise ValidationError(_("This question belongs to another survey."))
    target = index + by
    if not 0 <= target < len(rows):
        return
    rows.insert(target, rows.pop(index))
    problems = [p for p in qs.survey_problems([q.spec() for q in rows])
                if p != _("A survey needs at least one question.")]
    if problems:
        raise ValidationError(_("The question cannot move there: %(problem)s") % {"problem": problems[0]})
    _renumber(rows)


def _renumber(rows: list[Question]) -> None:
    changed = []
    for n, q in enumerate(rows, 1):
        if q.order != n:
            q.order = n
            changed.append(q)
    if changed:
        Question.objects.bulk_update(changed, ["order"])


# -- the survey's life ---------------------------------------------------------------------------------------------

@audited
@transaction.atomic
def survey_publish(*, actor: Actor, survey: Survey) -> Survey:
    """Publish a draft: its questions must be answerable and its window not past. A new version replaces the
    version it comes from, which closes."""
    _require_manage(actor, survey)
    survey = lock(Survey, survey.pk, school=actor.school)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft survey can be published."))
    if survey.closes_at <= timezone.now():
        raise ValidationError(_("The survey's window has already closed: set a later closing time first."))
    problems = qs.survey_problems(survey.specs())
    if problems:
        raise ValidationError(problems)
    survey.status = SurveyStatus.PUBLISHED
    survey.published_at = timezone.now()
    survey.save(update_fields=["status", "published_at"])
    if survey.previous_id is not None:
        Survey.objects.filter(pk=survey.previous_id, status=SurveyStatus.PUBLISHED).update(
            status=SurveyStatus.CLOSED)
    return survey


@audited
@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    _require_manage(actor, survey)
    survey = lock(Survey, survey.pk, school=actor.school)
    if survey.status != SurveyStatus.PUBLISHED:
        raise ValidationError(_("Only a published survey can be closed."))
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status"])
    return survey


@audited
@transaction.atomic
def survey_delete(*, actor: Actor, survey: Survey) -> None:
    """Delete a draft nobody has answered (answers are never deleted with it: close it instead)."""
    _require_manage(actor, survey)
    survey = lock(Survey, survey.pk, school=actor.school)
    if survey.status != SurveyStatus.DRAFT or _answered(survey):
        raise ValidationError(_("Only a draft nobody has answered can be deleted; close a published survey."))
    survey.delete()


def _copy_questions(source: Iterable[Question], to: Survey) -> None:
    Question.objects.bulk_create([
        Question(survey=to, order=n, key=q.key, **{f: getattr(q, f) for f in QUESTION_FIELDS})
        for n, q in enumerate(sorted(source, key=lambda q: (q.order, q.pk)), 1)])


@audited
@transaction.atomic
def survey_copy(*, actor: Actor, survey: Survey, new_version: bool = False) -> Survey:
    """A draft copy with the same questions and audience. As a new version it keeps the title and replaces the
    original when published; as a copy it is a survey of its own (e.g. next term's satisfaction survey)."""
    if not can(actor, "manage_survey", survey):
        raise ValidationError(_("This survey is not yours to copy."))
    _require_manage(actor)
    now = timezone.now()
    length = max(survey.closes_at - survey.opens_at, dt.timedelta(days=1))
    copy = Survey.objects.create(
        school=actor.school, title=survey.title if new_version else _("%(title)s (copy)") % {"title": survey.title},
        intro=survey.intro, purpose=survey.purpose, anonymous=survey.anonymous, for_students=survey.for_students,
        for_parents=survey.for_parents, for_elders=survey.for_elders, for_teachers=survey.for_teachers,
        activity=survey.activity, opens_at=max(now, survey.opens_at), closes_at=max(now, survey.opens_at) + length,
        owner=actor.user, version=survey.version + 1 if new_version else 1,
        previous=survey if new_version else None)
    copy.title = copy.title[:100]
    copy.save(update_fields=["title"])
    copy.grades.set(survey.grades.all())
    copy.classes.set(survey.classes.all())
    copy.parent_classes.set(survey.parent_classes.all())
    _copy_questions(survey.questions.all(), copy)
    return copy


@audited
@transaction.atomic
def survey_from_template(*, actor: Actor, template: str, activity=None, opens_at: dt.datetime | None = None,
                         closes_at: dt.datetime | None = None, **audience: Any) -> Survey:
    """A draft from one of starters.TEMPLATES; an activity's effect survey has its participants as audience."""
    from .starters import TEMPLATES

    spec = TEMPLATES.get(template)
    if spec is None:
        raise ValidationError({"template": _("Choose a template from the list.")})
    now = timezone.now()
    opens_at = opens_at or now
    closes_at = closes_at or opens_at + dt.timedelta(days=14)
    title = str(spec["title"])
    if activity is not None:
        title = _("%(activity)s · effect survey") % {"activity": activity.title}
    survey = survey_create(actor=actor, title=title[:100], intro=str(spec.get("intro", "")),
                           purpose=spec["purpose"], anonymous=spec.get("anonymous", True), opens_at=opens_at,
                           closes_at=closes_at, activity=activity, **audience)
    Question.objects.bulk_create([
        Question(survey=survey, order=n, key=item["key"], **{f: item[f] for f in QUESTION_FIELDS if f in item})
        for n, item in enumerate(spec["questions"](), 1)])
    return survey


# -- answering --------------------------------------------------------------------------------------------------

def refusal(actor: Actor, survey: Survey, now: dt.datetime | None = None, *, answered: bool = True) -> str:
    """Why the actor may not answer `survey` now, in words for them ("" when they may). `answered=False` leaves
    out whether they have answered already (one query), for a caller whose insert refuses a second answer."""
    now = now or timezone.now()
    if survey.status != SurveyStatus.PUBLISHED or now >= survey.closes_at:
        return _("This survey is closed.")
    if now < survey.opens_at:
        return _("This survey opens on %(when)s.") % {
            "when": timezone.localtime(survey.opens_at).strftime("%Y-%m-%d %H:%M")}
    if answered and Participation.objects.filter(survey=survey, user=actor.user, submitted=True).exists():
        return _twice()
    return ""


def _today() -> dt.date:
    return timezone.localdate()


def response_save(*, actor: Actor, survey: Survey, raw: Mapping[str, Any], submit: bool = True,
                  page: Iterable[str] | None = None, who: Seat | None = None) -> Response | None:
    """Save the actor's answers: `submit` hands them in (every required visible question answered), otherwise a
    named survey keeps them as a draft to resume (an anonymous survey keeps no draft: returns None).

    `page` limits the check to one page's keys when saving a draft. Refused with the questions' messages by key.
    A second answer by the same person is refused, also when two arrive at once (the participation's unique key).
    `who` is the actor's seat when the caller has just read it (selectors.seat): the hot path reads it once.
    """
    who = who or seat(actor, survey)
    if who is None:
        raise ValidationError(_("This survey is not for you."))
    # an anonymous answer handed in needs no look first: the participation's unique key refuses a second one in
    # the same transaction, with the same words (the hot path: one query less)
    why = refusal(actor, survey, answered=not (survey.anonymous and submit))
    if why:
        raise ValidationError(why)
    if not survey.anonymous:
        raw = {**draft_of(actor, survey), **raw}  # a named draft resumes: its earlier pages count
    items = questions_of(survey)
    answers, errors = qs.clean_answers(items, raw, only=None if submit else page, require=submit)
    if errors:
        raise ValidationError(errors)
    if survey.anonymous:
        if not submit:
            return None
        return _submit_anonymous(actor, survey, who, answers)
    return _save_named(actor, survey, who, answers, submit)


def _twice() -> str:
    return _("You have already answered this survey. Thank you!")


def _submit_anonymous(actor: Actor, survey: Survey, who: Seat, answers: dict) -> Response:
    # no user beside the answer, and no history: neither model is registered with the audit log (apps.py), and
    # the count is raised by an update(), which the audit log does not see; one transaction so that a refused
    # second answer leaves nothing
    try:
        with transaction.atomic():
            # the hottest write of the platform: the rows go in without the ORM's compiler (core.db.insert)
            insert(Participation(survey=survey, user=actor.user, audience=who.audience,
                                 school_class_id=who.class_id, submitted=True))
            response = Response(survey=survey, audience=who.audience, grade_id=who.grade_id,
                                submitted_on=_today())
            response.answers = answers
            insert(response)
            _count_one(survey.pk)
    except IntegrityError:
        raise ValidationError(_twice()) from None
    return response


def _count_one(pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_ONE, [pk])


_COUNT_ONE = (f"UPDATE {Survey._meta.db_table} SET response_count = response_count + 1 "  # noqa: S608 (no input)
              f"WHERE {Survey._meta.pk.column} = %s")


@audited
def _save_named(actor: Actor, survey: Survey, who: Seat, answers: dict, submit: bool) -> Response:
    try:
        with transaction.atomic():
            response = (Response.objects.select_for_update().filter(survey=survey, respondent=actor.user).first())
            if response is not None and response.submitted_on is not None:
                raise ValidationError(_twice())
            if response is None:
                Participation.objects.create(survey=survey, user=actor.user, audience=who.audience,
                                             school_class_id=who.class_id, submitted=submit)
                response = Response(survey=survey, respondent=actor.user, audience=who.audience,
                                    grade_id=who.grade_id, school_class_id=who.class_id)
            response.answers = answers
            if submit:
                response.submitted_on = _today()
                Participation.objects.filter(survey=survey, user=actor.user).update(submitted=True)
                Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
            response.save()
    except IntegrityError:
        raise ValidationError(_twice()) from None
    return response


def draft_of(actor: Actor, survey: Survey) -> dict:
    """The answers a named survey's draft holds for the actor ({} when none)."""
    if survey.anonymous:
        return {}
    response = Response.objects.filter(survey=survey, respondent=actor.user, submitted_on__isnull=True).first()
    return dict(response.answers) if response is not None else {}
