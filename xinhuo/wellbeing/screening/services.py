"""Writes of screening (PSY-1): campaigns, a student's answers, submitting them; an alert item answered raises an
alert (alerts.services) in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.validators import clean_text, same_school
from xinhuo.people.consent import consent_status

from ..alerts.services import alert_raise
from ..models import Campaign, CampaignScale, CampaignStatus, Response, Scale, ScaleResult
from ..rules import can
from ..scales import AnswerError, Risk, score
from .selectors import answers_of, campaign_audience, scales_of


def _require_manage(actor: Actor, campaign: Campaign | None = None) -> None:
    actor.require("screening.manage")
    if campaign is not None and not can(actor, "manage_campaign", campaign):
        raise ValidationError(_("This screening is not yours to change."))


def _check_window(opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if opens_at >= closes_at:
        raise ValidationError({"closes_at": _("The screening must close after it opens.")})


def _check_scales(actor: Actor, scales: Iterable[Scale]) -> list[Scale]:
    chosen = list(scales)
    if not chosen:
        raise ValidationError({"scales": _("Choose at least one scale.")})
    for scale in chosen:
        if scale.school_id not in (None, actor.school.pk):
            raise ValidationError({"scales": _("This scale is not available in your school.")})
        if not scale.ready:
            raise ValidationError({"scales": _("The scale “%(name)s” is not ready for screenings yet.")
                                   % {"name": scale.name}})
    return chosen


def _check_audience(actor: Actor, grades: Iterable[Grade], classes: Iterable[SchoolClass]) -> tuple[list, list]:
    grades, classes = list(grades), list(classes)
    if not grades and not classes:
        raise ValidationError({"grades": _("Choose the grades or classes to screen.")})
    same_school(actor, *grades, *classes, message={"grades": _("Choose grades and classes of your school.")})
    return grades, classes


def _texts(title: str, note: str) -> tuple[str, str]:
    errors: dict = {}
    title = clean_text(title, 100, "title", errors)
    note = clean_text(note, 1000, "note", errors)
    if not title:
        errors["title"] = _("A title is required.")
    if errors:
        raise ValidationError(errors)
    return title, note


@audited
@transaction.atomic
def campaign_create(*, actor: Actor, title: str, scales: Iterable[Scale], grades: Iterable[Grade] = (),
                    classes: Iterable[SchoolClass] = (), opens_at: dt.datetime, closes_at: dt.datetime,
                    one_per_screen: bool = True, note: str = "") -> Campaign:
    """A draft screening; students see it once it is published and open."""
    _require_manage(actor)
    title, note = _texts(title, note)
    _check_window(opens_at, closes_at)
    chosen = _check_scales(actor, scales)
    grades, classes = _check_audience(actor, grades, classes)
    campaign = Campaign.objects.create(school=actor.school, title=title, opens_at=opens_at, closes_at=closes_at,
                                       one_per_screen=one_per_screen, note=note, created_by=actor.user)
    CampaignScale.objects.bulk_create(CampaignScale(campaign=campaign, scale=s, order=n) for n, s in enumerate(chosen))
    campaign.grades.set(grades)
    campaign.classes.set(classes)
    return campaign


@audited
@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, title: str, scales: Iterable[Scale],
                    grades: Iterable[Grade] = (), classes: Iterable[SchoolClass] = (), opens_at: dt.datetime,
                    closes_at: dt.datetime, one_per_screen: bool = True, note: str = "") -> Campaign:
    """Change a screening. Once a student has started, its scales and audience stay as they were asked (only the
    title, the note and the closing time may change), so that every answer was given to the same questions."""
    _require_manage(actor, campaign)
    campaign = lock(Campaign, campaign.pk, school=actor.school)
    if campaign.status == CampaignStatus.CANCELLED:
        raise ValidationError(_("A cancelled screening cannot be changed."))
    title, note = _texts(title, note)
    _check_window(opens_at, closes_at)
    chosen = _check_scales(actor, scales)
    grades, classes = _check_audience(actor, grades, classes)
    started = campaign.responses.exists()
    if started:
        same = ([s.pk for s in chosen] == [s.pk for s in scales_of(campaign)]
                and {g.pk for g in grades} == set(campaign.grades.values_list("pk", flat=True))
                and {c.pk for c in classes} == set(campaign.classes.values_list("pk", flat=True))
                and opens_at == campaign.opens_at and one_per_screen == campaign.one_per_screen)
        if not same:
            raise ValidationError(_("Students have started answering: only the title, the note and the closing "
                                    "time can change now."))
    campaign.title, campaign.note, campaign.closes_at = title, note, closes_at
    if not started:
        campaign.opens_at, campaign.one_per_screen = opens_at, one_per_screen
        CampaignScale.objects.filter(campaign=campaign).delete()
        CampaignScale.objects.bulk_create(CampaignScale(campaign=campaign, scale=s, order=n)
                                          for n, s in enumerate(chosen))
        campaign.grades.set(grades)
        campaign.classes.set(classes)
    campaign.save()
    return campaign


@audited
@transaction.atomic
def campaign_publish(*, actor: Actor, campaign: Campaign) -> Campaign:
    _require_manage(actor, campaign)
    campaign = lock(Campaign, campaign.pk, school=actor.school)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("Only a draft screening can be published."))
    if campaign.closes_at <= timezone.now():
        raise ValidationError(_("The screening's window has already closed: set a later closing time first."))
    campaign.status = CampaignStatus.PUBLISHED
    campaign.save(update_fields=["status"])
    return campaign


@audited
@transaction.atomic
def campaign_cancel(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Stop a screening; the answers already given are kept (and their alerts stand)."""
    _require_manage(actor, campaign)
    campaign = lock(Campaign, campaign.pk, school=actor.school)
    if campaign.status == CampaignStatus.CANCELLED:
        raise ValidationError(_("This screening is already cancelled."))
    campaign.status = CampaignStatus.CANCELLED
    campaign.save(update_fields=["status"])
    return campaign


# --- answering -----------------------------------------------------------------------------------------------------


def refusal(actor: Actor, campaign: Campaign, now: dt.datetime | None = None) -> str:
    """Why the actor may not answer `campaign` now, in words for the student ("" when they may)."""
    now = now or timezone.now()
    if not can(actor, "answer_campaign", campaign):
        return _("Only the students of the school answer a screening.")
    # The student's own rows only (their consents and guardians, by index): a students_with_consent query for one
    # student still reads every consent of the school's notice (its subquery is not correlated, for the lists),
    # which made each autosaved answer slow on a large school (issue 21). People's tests keep the two agreeing.
    # The encrypted columns are not read: nothing here shows them.
    student = (campaign_audience(campaign).filter(pk=actor.student_id or 0)
               .only("pk", "school_id", "birth_date").order_by().first())
    if student is None:
        return _("This screening is not for your class.")
    if campaign.status != CampaignStatus.PUBLISHED or now < campaign.opens_at:
        return _("This screening has not opened yet.")
    if now >= campaign.closes_at:
        return _("This screening has closed.")
    status = consent_status(student, "screening", timezone.localdate(now))
    if not status.ok:
        return _("The consent the school needs for a screening is missing: %(missing)s. Ask your head teacher "
                 "or see 我的同意书.") % {"missing": "；".join(str(m) for m in status.missing)}
    return ""


def _check_can_answer(actor: Actor, campaign: Campaign) -> None:
    if why := refusal(actor, campaign):
        raise ValidationError(why)


@audited
@transaction.atomic
def response_start(*, actor: Actor, campaign: Campaign) -> Response:
    """The student's response to `campaign`, started now or resumed where it stopped."""
    _check_can_answer(actor, campaign)
    student_id = actor.student_id or 0  # refusal() made sure the actor is a student
    existing = Response.objects.filter(campaign=campaign, student_id=student_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Response.objects.create(school=actor.school, campaign=campaign, student_id=student_id)
    except IntegrityError:  # the same student started on two devices at once
        return Response.objects.get(campaign=campaign, student_id=student_id)


@audited
@transaction.atomic
def answer_save(*, actor: Actor, response: Response, scale: Scale, item: int, value: int,
                scales: Sequence[Scale] | None = None) -> Response:
    """Keep one answer (the chosen option's score); a later answer to the same item replaces it until the
    response is submitted.

    `scales`: the campaign's scales as selectors.scales_of read them, when the caller has them already (the API
    and the answering page read them once per request); read here otherwise. Either way the scale, the item and
    the option are checked here against the campaign's own scales."""
    response = lock(Response.objects.select_related("campaign"), response.pk, school=actor.school,
                    student_id=actor.student_id or 0)
    if response.submitted_at is not None:
        raise ValidationError(_("You have already submitted this screening; it cannot be answered twice."))
    _check_can_answer(actor, response.campaign)
    if scales is None:
        scales = scales_of(response.campaign)
    chosen = next((s for s in scales if s.pk == scale.pk), None)
    if chosen is None:
        raise ValidationError(_("This question is not part of the screening."))
    spec = chosen.spec()
    item_spec = next((i for i in spec.items if i.number == item), None)
    if item_spec is None:
        raise ValidationError(_("This question is not part of the screening."))
    if value not in {o.score for o in spec.options_of(item_spec)}:
        raise ValidationError(_("Choose one of the answers."))
    answers = answers_of(response)
    answers.setdefault(str(scale.pk), {})[str(item)] = value
    response.answers = answers
    response.save(update_fields=["answers"])
    return response


@audited
@transaction.atomic
def response_submit(*, actor: Actor, response: Response) -> Response:
    """Score every scale, keep the results and raise an alert for an alert item answered: once, in one
    transaction, so that no submitted answer is ever without its alert."""
    response = lock(Response, response.pk, school=actor.school, student_id=actor.student_id or 0)
    if response.submitted_at is not None:
        raise ValidationError(_("You have already submitted this screening; it cannot be answered twice."))
    _check_can_answer(actor, response.campaign)
    results, alert_items = [], []
    for scale in scales_of(response.campaign):
        spec = scale.spec()
        given = {int(k): v for k, v in answers_of(response).get(str(scale.pk), {}).items()}
        try:
            result = score(spec, given)
        except AnswerError:
            raise ValidationError(_("Please answer every question before you submit.")) from None
        results.append(ScaleResult(response=response, scale=scale, total=result.total,
                                   band=result.band.label if result.band else "", risk=int(result.risk),
                                   subscales=result.subscales))
        alert_items += [f"{spec.code.upper()} {n}" for n in result.alert_items]
    ScaleResult.objects.bulk_create(results)
    response.submitted_at = timezone.now()
    response.risk = max((r.risk for r in results), default=int(Risk.NONE))
    response.save(update_fields=["submitted_at", "risk"])
    if alert_items:
        alert_raise(school=actor.school, student=response.student, response=response, items=alert_items)
    return response
