"""Writes of the assistant part: answering a question (and logging it) and the committee's settings.

The order of checks is the point (docs/assistant.md):
1. crisis words (the mailbox's configurable list): help at once, the counsellors alerted about a student asker;
   never a model. First, so that a child in danger who also typed a phone number still gets help;
2. personal numbers (ID card, mobile): refused, nothing searched or sent, only the masked question logged;
3. retrieval from the search index, as the asker may see it; nothing found: say so, no model;
4. the configured model, given only the passages and the question; any failure falls back to
5. the extractive answer: the best passages with their numbered sources."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.models import Role

from . import llm, privacy, selectors
from .models import AssistantLog, AssistantMode, AssistantSettings
from .rules import MANAGE, require_ask

QUESTION_MAX = 300
ALERT_AGAIN_AFTER = dt.timedelta(minutes=30)
HELPLINE = "12355"
_CITE = re.compile(r"\[(\d{1,2})\]")


@dataclass
class Answer:
    mode: str
    text: str
    citations: list[dict] = field(default_factory=list)  # {"n", "kind", "id", "title", "url"}
    fallback: str = ""
    log: AssistantLog | None = None


def _asker_role(actor: Actor) -> str:
    for role in Role.values:  # the most responsible role first (Role's order)
        if role in actor.roles:
            return role
    return ""


def _log(actor: Actor, question: str, answer: Answer, *, crisis_words: list[str] | None = None) -> Answer:
    crisis = answer.mode == AssistantMode.CRISIS
    answer.log = AssistantLog.objects.create(
        school=actor.school, asked_at=timezone.now(), mode=answer.mode, asker_role=_asker_role(actor),
        question=privacy.masked(question)[:1000], answer=answer.text[:8000], citations=answer.citations,
        fallback=answer.fallback[:200], crisis=crisis, crisis_words=crisis_words or [],
        asker=actor.user if crisis else None)  # a name only where the counsellor must reach the asker
    return answer


def _crisis_words(actor: Actor, question: str) -> list[str]:
    from xinhuo.surveys.mailbox import words
    from xinhuo.surveys.mailbox.selectors import mailbox_settings

    return words.matches(question, words.words_in_use(mailbox_settings(actor.school).crisis_words))


def _alert_counsellors(actor: Actor, found: list[str]) -> bool:
    """The wellbeing alert about a student asker (the screening's alert: the counsellors and the safeguarding lead
    are told at once, and it escalates if nobody acknowledges it). Only the words found, never the question."""
    if not (actor.has_role(Role.STUDENT) and actor.student_id):
        return False
    from xinhuo.people.selectors import students_of_school
    from xinhuo.wellbeing.alerts.services import alert_raise

    student = students_of_school(actor.school).filter(pk=actor.student_id).first()
    if student is None:
        return False
    recent = timezone.now() - ALERT_AGAIN_AFTER
    if AssistantLog.objects.filter(school=actor.school, crisis=True, asker=actor.user, asked_at__gte=recent).exists():
        return True  # told minutes ago (a question asked again, a double tap): one alert, not a stream of them
    alert_raise(school=actor.school, student=student, response=None,
                items=[_("Moral education assistant: %(words)s") % {"words": "、".join(found)}],
                source=_("the moral education assistant"))
    return True


def _help_text(actor: Actor, alerted: bool) -> str:
    names = selectors.counsellor_names(actor.school)
    lines = [_("What you wrote sounds serious, and you do not have to face it alone.")]
    if names:
        lines.append(_("Please talk to the school counsellor (%(names)s) today.") % {"names": "、".join(names)})
    else:
        lines.append(_("Please talk to the school counsellor or a teacher you trust today."))
    lines.append(_("You can also call the youth service line %(line)s at any time.") % {"line": HELPLINE})
    lines.append(_("If someone is in danger right now, call 110 or 120."))
    if alerted:
        lines.append(_("The school counsellor has been told and will reach out to you."))
    return "\n".join(lines)


def _extractive(retrieved: selectors.Retrieved) -> str:
    lines = [_("Here is what the school's library says about it:")]
    lines += [f"· {p.text} [{p.source.number}]" for p in retrieved.passages]
    return "\n".join(lines)


def _cited(text: str, sources: list[selectors.Source]) -> list[dict]:
    """The sources the model's answer cites by number; all of them when it cites none (they are what it read)."""
    numbers = {int(n) for n in _CITE.findall(text)}
    chosen = [s for s in sources if s.number in numbers] or sources
    return [s.as_dict() for s in chosen]


def assistant_ask(*, actor: Actor, question: str) -> Answer:
    """Answer a question from the library the asker may see, and log it (see the module's docstring)."""
    require_ask(actor)
    question = " ".join((question or "").split())
    if not question:
        raise ValidationError({"question": _("Write a question.")})
    if len(question) > QUESTION_MAX:
        raise ValidationError({"question": _("A question is at most %(max)d characters.") % {"max": QUESTION_MAX}})

    found = _crisis_words(actor, question)
    if found:
        with transaction.atomic():
            alerted = _alert_counsellors(actor, found)
            return _log(actor, question, Answer(AssistantMode.CRISIS, _help_text(actor, alerted)), crisis_words=found)

    if privacy.personal_data(question):
        return _log(actor, question, Answer(AssistantMode.REFUSED, _(
            "Your question contains personal data (an ID-card or phone number). Please ask again without it: "
            "the assistant answers from the library and needs nobody's personal details.")))

    retrieved = selectors.retrieve(actor, question)
    if not retrieved.passages:
        return _log(actor, question, Answer(AssistantMode.NOTHING, _(
            "Nothing in the school's library matches this question yet. Try other words, or ask the committee: "
            "what it adds to the library, plans and activity summaries will be found here.")))

    sources = retrieved.sources
    fallback = ""
    cfg = llm.config()
    if cfg is not None:
        chat = llm.messages([(p.source.number, p.source.title, p.text) for p in retrieved.passages], question)
        try:
            text = llm.complete(cfg, chat)
        except llm.ModelError as exc:
            fallback = str(exc) or "error"
        else:
            return _log(actor, question, Answer(AssistantMode.MODEL, text, _cited(text, sources)))
    return _log(actor, question, Answer(AssistantMode.EXTRACTIVE, _extractive(retrieved),
                                        [s.as_dict() for s in sources], fallback=fallback))


@audited
@transaction.atomic
def assistant_settings_save(*, actor: Actor, students_allowed: bool) -> AssistantSettings:
    actor.require(MANAGE)
    row, _created = AssistantSettings.objects.get_or_create(school=actor.school)
    row.students_allowed = bool(students_allowed)
    row.updated_by, row.updated_at = actor.user, timezone.now()
    row.save()
    return row


