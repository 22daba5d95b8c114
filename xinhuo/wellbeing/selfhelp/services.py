"""The self-help corner (PSY-4): the counsellors keep its items (articles, audio, exercises, first-aid guides) and
the list of trained peer supporters; a student asks to talk with a peer supporter or a heart mentor, and a
counsellor answers (the pairing itself is made in the mentoring module).

Every service checks everything first and writes only when all passed: a refused upload stores nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor, roles_with
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.models import Grade, User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles
from xinhuo.core.uploads import AUDIO_TYPES, MB, check_file
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.people import selectors as people_selectors

from ..models import PeerSupporter, SelfHelpItem, TalkRequest

if TYPE_CHECKING:
    from xinhuo.people.models import Student

TITLE_MAX, TOPIC_MAX, BODY_MAX = 100, 40, 20000
TRAINING_MAX, MESSAGE_MAX, ANSWER_MAX = 200, 1000, 300
MAX_AUDIO_BYTES = 30 * MB

AUDIO_ACCEPT = ",".join(f".{ext}" for ext in AUDIO_TYPES) + ",audio/*"


# --- items ---------------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def item_save(*, actor: Actor, item: SelfHelpItem | None = None, title: str, kind: str, topic: str,
              grades=(), for_parents: bool = False, body: str = "", audio=None,
              published: bool = True) -> SelfHelpItem:
    """Add an item (item None) or change one. An audio item needs an audio file (kept when none is uploaded
    again); the other kinds need their text."""
    actor.require("selfhelp.manage")
    if item is not None:
        item = lock(SelfHelpItem, item.pk, school=actor.school)
    errors: dict = {}
    title = clean_text(title, TITLE_MAX, "title", errors)
    topic = clean_text(topic, TOPIC_MAX, "topic", errors)
    body = clean_text(body, BODY_MAX, "body", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the item a title.")
    if not topic and "topic" not in errors:
        errors["topic"] = _("Give the item a topic, e.g. 考试焦虑 or 睡眠.")
    if kind not in SelfHelpItem.Kind.values:
        errors["kind"] = choose_one_of(SelfHelpItem.Kind)
    grades = list(grades or [])
    for grade in grades:
        if not isinstance(grade, Grade) or grade.school_id != actor.school.pk:
            errors["grades"] = _("Choose grades of this school.")
            break
    checked = None
    if audio:
        if kind != SelfHelpItem.Kind.AUDIO:
            errors["audio"] = _("Only an audio item takes an audio file.")
        else:
            try:
                checked = check_file(audio, allowed=AUDIO_TYPES, max_bytes=MAX_AUDIO_BYTES)
            except ValidationError as exc:
                errors["audio"] = exc.messages
    has_audio = checked is not None or (item is not None and bool(item.audio))
    if kind == SelfHelpItem.Kind.AUDIO and not has_audio and "audio" not in errors:
        errors["audio"] = _("Upload the audio file (MP3, M4A, OGG or WAV).")
    if kind in SelfHelpItem.Kind.values and kind != SelfHelpItem.Kind.AUDIO and not body and "body" not in errors:
        errors["body"] = _("Write the text of the item.")
    if errors:
        raise ValidationError(errors)
    if item is None:
        item = SelfHelpItem(school=actor.school, created_by=actor.user)
    item.title, item.kind, item.topic, item.body = title, kind, topic, body
    item.for_parents, item.published = bool(for_parents), bool(published)
    if checked is not None:
        item.audio = checked.content
    elif kind != SelfHelpItem.Kind.AUDIO and item.audio:
        item.audio = ""  # type: ignore[assignment]
    item.save()
    item.grades.set(grades)
    return item


@audited
@transaction.atomic
def item_set_published(*, actor: Actor, item: SelfHelpItem, published: bool) -> SelfHelpItem:
    """Publish an item again or unpublish it (it leaves everyone's corner but the counsellors')."""
    actor.require("selfhelp.manage")
    item = lock(SelfHelpItem, item.pk, school=actor.school)
    if item.published == bool(published):
        raise ValidationError(_("This item is already published.") if published
                              else _("This item is already unpublished."))
    item.published = bool(published)
    item.save(update_fields=["published"])
    return item


# --- peer supporters -----------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def supporter_save(*, actor: Actor, supporter: PeerSupporter | None = None, student: Student | None,
                   training: str, trained_on: dt.date | None, active: bool = True) -> PeerSupporter:
    """Add a trained peer supporter (a student of the school, once) or change their training and whether they
    are active."""
    actor.require("selfhelp.manage")
    if supporter is not None:
        supporter = lock(PeerSupporter, supporter.pk, school=actor.school)
        student = supporter.student
    errors: dict = {}
    training = clean_text(training, TRAINING_MAX, "training", errors)
    if student is None:
        errors["student"] = _("Choose the student.")
    else:
        same_school(actor, student, message={"student": _("Choose a student of this school.")})
        if supporter is None and PeerSupporter.objects.filter(school=actor.school, student=student).exists():
            errors["student"] = _("%(name)s is already a peer supporter.") % {"name": student.name}
    if not training and "training" not in errors:
        errors["training"] = _("Say which training the student took.")
    if not isinstance(trained_on, dt.date):
        errors["trained_on"] = _("Enter the date of the training.")
    elif trained_on > timezone.localdate():
        errors["trained_on"] = _("The training date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if supporter is None:
        supporter = PeerSupporter(school=actor.school, student=student)
    assert trained_on is not None  # noqa: S101 - refused above otherwise
    supporter.training, supporter.trained_on, supporter.active = training, trained_on, bool(active)
    supporter.save()
    return supporter


# --- talk requests -------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def talk_request(*, actor: Actor, with_whom: str, message: str = "") -> TalkRequest:
    """A student asks to talk with a peer supporter or a heart mentor; the counsellors hear of it (without the
    message, which they read on the request's page). One waiting request of each kind at a time."""
    actor.require("talk.request")
    if actor.student_id is None:
        raise ValidationError(_("Only a student's own account can ask to talk."))
    errors: dict = {}
    message = clean_text(message, MESSAGE_MAX, "message", errors)
    if with_whom not in TalkRequest.With.values:
        errors["with_whom"] = choose_one_of(TalkRequest.With)
    elif TalkRequest.objects.filter(school=actor.school, student_id=actor.student_id, with_whom=with_whom,
                                    status=TalkRequest.Status.WAITING).exists():
        errors["with_whom"] = _("You have already asked; a counsellor will answer soon.")
    if errors:
        raise ValidationError(errors)
    request = TalkRequest.objects.create(school=actor.school, student_id=actor.student_id, with_whom=with_whom,
                                         message=message or None)
    receivers = recipients_for_roles(actor.school, roles_with("selfhelp.manage"))
    link = reverse("wellbeing:talk-request", args=[request.pk])
    title = _("A student asks to talk with %(whom)s") % {"whom": request.get_with_whom_display()}
    body = _("A new talk request is waiting for a counsellor's answer.")
    transaction.on_commit(lambda: notify(actor.school, receivers, title, body, link=link))
    return request


ANSWERS = (TalkRequest.Status.ARRANGED, TalkRequest.Status.DECLINED)


@audited
@transaction.atomic
def talk_answer(*, actor: Actor, request: TalkRequest, status: str, answer: str = "") -> TalkRequest:
    """A counsellor answers a waiting request: arranged (the pairing is made in the mentoring module, or the peer
    supporter told) or declined with a short answer; the student sees the answer."""
    actor.require("selfhelp.manage")
    request = lock(TalkRequest, request.pk, school=actor.school)
    if request.status != TalkRequest.Status.WAITING:
        raise ValidationError(_("This request has already been answered."))
    errors: dict = {}
    answer = clean_text(answer, ANSWER_MAX, "answer", errors)
    if status not in ANSWERS:
        errors["status"] = choose_one_of(TalkRequest.Status)
    elif status == TalkRequest.Status.DECLINED and not answer and "answer" not in errors:
        errors["answer"] = _("Tell the student in a few words why, and what they can do instead.")
    if errors:
        raise ValidationError(errors)
    request.status, request.answer, request.handled_by = status, answer, actor.user
    request.save(update_fields=["status", "answer", "handled_by"])
    student_user = (people_selectors.students_of_school(actor.school).filter(pk=request.student_id)
                    .values_list("user", flat=True).first())
    if student_user:
        users = list(User.objects.filter(pk=student_user))
        link = reverse("wellbeing:talk-mine")
        title = _("A counsellor answered your request to talk")
        transaction.on_commit(lambda: notify(actor.school, users, title, link=link))
    return request
