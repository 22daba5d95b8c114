"""Writes of the feedback mailbox (SRV-3): writing a letter, looking it up by its tracking code, the committee's
workflow (received → assigned → replied → closed, core.workflow), the overdue warnings and the settings.

An anonymous letter cannot be traced to its writer from what is stored: no writer, no address, no time of day
(received_on is a date; its first step has no `by` and the day's start as its time), a random key (models.py), no
change-history entry for its writing (the audit middleware would name the request's user beside the new row:
the receipt is the first MessageStep instead) and no access-log row. The tracking code is shown once; only its
keyed hash is kept (core.crypto.blind_index), so neither the database nor its backups give the code back."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from contextlib import AbstractContextManager

from auditlog.context import disable_auditlog
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import STAFF_ROLES, Actor, roles_with
from xinhuo.core.audit import acting, audited
from xinhuo.core.crypto import blind_index
from xinhuo.core.models import Role, User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles
from xinhuo.core.validators import choose_one_of, clean_text
from xinhuo.core.workflow import Transition, Workflow, apply_transition

from ..models import Audience, Box, MailboxSettings, Message, MessageStatus, MessageStep
from ..rules import can
from . import (
    receivers,  # noqa: F401 - the notices of the steps connect on import
    selectors,
    words,
)
from .signals import message_changed

S = MessageStatus
SUBJECT_MAX, BODY_MAX, REPLY_MAX, COMMENT_MAX = 100, 3000, 3000, 2000
REPLY_DAYS_MAX = 60

# the tracking code: 8 characters of 31 (no 0/O, 1/I/L to misread): about 8.5 × 10¹¹ codes, and guessing is
# rate-limited per address and per code
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
LOOKUP_FAILURES = 10  # failed look-ups per client address in the window, then refused until it ends
LOOKUP_PER_CODE = 20  # look-ups of one code in the window, from anywhere
LOOKUP_WINDOW = 15 * 60  # seconds

TRANSITIONS: dict[str, Transition] = {
    "assign": Transition(frozenset({S.RECEIVED, S.ASSIGNED}), S.ASSIGNED, rule="assign_message"),
    # the committee may answer a letter itself without assigning it; replying again corrects the reply
    "reply": Transition(frozenset({S.RECEIVED, S.ASSIGNED, S.REPLIED}), S.REPLIED, rule="handle_message"),
    "close": Transition(frozenset({S.RECEIVED, S.ASSIGNED, S.REPLIED}), S.CLOSED, rule="assign_message"),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=MessageStep, subject="message", signal=message_changed, can=can,
    refused=gettext_lazy("The message is %(status)s: this step is not possible now."),
    why=gettext_lazy("Say why."), rule="handle_message", comment_max=COMMENT_MAX)


class TooManyLookups(Exception):
    """Too many look-ups from one address, or of one code, in the window (a page says so; the API answers 429)."""

    def __init__(self) -> None:
        super().__init__(_("Too many look-ups. Please wait 15 minutes and try again."))


# --- the tracking code ----------------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """The code as typed, upper case, spaces and dashes taken out (it is shown as ABCD-EFGH)."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t\u3000")


def code_is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def code_hash(code: str) -> str:
    """The keyed hash kept in place of the code (XINHUO_INDEX_KEY): a stolen database gives no code back."""
    return blind_index("mailbox-code", normalise_code(code))


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# --- writing --------------------------------------------------------------------------------------------------------


def writer_roles(actor: Actor) -> list[str]:
    """As whom the actor may write (kept with the letter, coarse): student, parent, elder, teacher (any staff)."""
    out = []
    if actor.has_role(Role.STUDENT):
        out.append(Audience.STUDENT)
    if actor.has_role(Role.PARENT):
        out.append(Audience.PARENT)
    if actor.has_role(Role.ELDER):
        out.append(Audience.ELDER)
    if not actor.roles.isdisjoint(STAFF_ROLES):
        out.append(Audience.TEACHER)
    return [str(r) for r in out]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _history(actor: Actor, anonymous: bool) -> AbstractContextManager:
    """The change history of the letter's writing: none for an anonymous one (the request's audit context names
    its user and address, which acting(None) would leave in place), the writer for a named one."""
    return disable_auditlog() if anonymous else acting(actor.user)


def message_write(*, actor: Actor, box: str, subject: str, body: str, anonymous: bool = True,
                  writer_role: str = "") -> tuple[Message, str]:
    """Write a letter; returns it and its tracking code, which is not kept and must be shown to the writer now.
    A letter with a crisis word is flagged and goes to the counsellors and the safeguarding lead at once."""
    actor.require("mailbox.write")
    errors: dict = {}
    if box not in Box.values:
        errors["box"] = choose_one_of(Box)
    subject = clean_text(subject, SUBJECT_MAX, "subject", errors)
    if not subject and "subject" not in errors:
        errors["subject"] = _("Write a subject.")
    body = clean_text(body, BODY_MAX, "body", errors)
    if not body and "body" not in errors:
        errors["body"] = _("Write your message.")
    roles = writer_roles(actor)
    role = writer_role or (roles[0] if roles else "")
    if role not in roles:
        errors["writer_role"] = _("Choose as whom you write.")
    if errors:
        raise ValidationError(errors)
    settings = selectors.mailbox_settings(actor.school)
    found = words.matches(f"{subject}\n{body}", words.words_in_use(settings.crisis_words))
    today = timezone.localdate()
    with transaction.atomic():
        for _attempt in range(5):  # a repeated code (or random key) is all but impossible: draw again
            code = new_code()
            message = Message(school=actor.school, box=box, code_hash=code_hash(code), subject=subject, body=body,
                              anonymous=anonymous, writer=None if anonymous else actor.user, writer_role=role,
                              received_on=today, flagged=bool(found), flag_words=found)
            try:
                with transaction.atomic(), _history(actor, anonymous):
                    message.save(force_insert=True)
                break
            except IntegrityError:
                continue
        else:
            raise ValidationError(_("The letter could not be saved. Please send it again."))
        step = MessageStep(message=message, from_status="", to_status=S.RECEIVED,
                           by=None if anonymous else actor.user,
                           at=_day_start(today) if anonymous else timezone.now())
        step.save(force_insert=True)
        message_changed.send(sender=Message, message=message, step=step, actor=None if anonymous else actor)
    return message, code


# --- looking up by code (no login) ----------------------------------------------------------------------------------


def _bump(key: str) -> int:
    """Count one in the window that starts with the first count (Django's cache: shared between servers when the
    configured cache is)."""
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, LOOKUP_WINDOW)
        return 1


def _client_key(client: str | None) -> str:
    # the address only as a keyed hash, for the window's length: nothing kept says who looked up what
    return "surveys:mailbox:lookup:ip:" + blind_index("mailbox-lookup-ip", client or "-")[:32]


def message_lookup(*, code: str, client: str | None) -> Message:
    """The letter of a tracking code, for whoever holds the code. A wrong code is refused, and counted against
    the client's address; too many (or too many look-ups of one code) raise TooManyLookups."""
    client_key = _client_key(client)
    if (cache.get(client_key) or 0) >= LOOKUP_FAILURES:
        raise TooManyLookups
    normal = normalise_code(code)
    if not code_is_well_formed(normal):
        _bump(client_key)
        raise ValidationError({"code": _("A tracking code has 8 letters and digits, for example K7QM-4XPA.")})
    digest = code_hash(normal)
    if _bump("surveys:mailbox:lookup:code:" + digest[:32]) > LOOKUP_PER_CODE:
        raise TooManyLookups
    message = Message.objects.filter(code_hash=digest).select_related("school").first()
    if message is None:
        _bump(client_key)
        raise ValidationError({"code": _("No letter has this tracking code. Check it and try again.")})
    return message


# --- the committee's workflow ---------------------------------------------------------------------------------------


def default_due(school) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=selectors.mailbox_settings(school).reply_days)


@audited
def message_assign(*, actor: Actor, message: Message, assignee: User | None, reply_due: dt.date | None = None,
                   comment: str = "") -> Message:
    """The committee gives a letter to a staff member who handles the mailbox, with a reply date (by default in
    the school's reply days); assigning again moves it to someone else."""
    today = timezone.localdate()
    due = reply_due or default_due(actor.school)

    def check(current: Message, errors: dict) -> None:
        if assignee is None or not selectors.assignable(actor).filter(pk=assignee.pk).exists():
            errors["assignee"] = _("Choose a staff member of the school who handles the mailbox.")
        if due < today:
            errors["reply_due"] = _("The reply date cannot be in the past.")
        elif due > today + dt.timedelta(days=365):
            errors["reply_due"] = _("Give a reply date within a year.")

    def apply(current: Message) -> None:
        current.assignee, current.reply_due, current.overdue_warned_on = assignee, due, None

    return apply_transition(WORKFLOW, actor=actor, obj=message, action="assign", comment=comment, check=check,
                            apply=apply)


@audited
def message_reply(*, actor: Actor, message: Message, reply: str, reply_public: bool = False,
                  show_body: bool = False, comment: str = "") -> Message:
    """The person it is assigned to, or the committee, replies; the reply may be shown on the public replies
    page (and the letter with it), never a letter that alerted the counsellors."""
    text = (reply or "").strip()

    def check(current: Message, errors: dict) -> None:
        if not actor.can("mailbox.manage") and current.assignee_id != actor.user.pk:
            errors["__all__"] = _("Only the committee or the person the message is assigned to can reply.")
        clean_text(text, REPLY_MAX, "reply", errors)
        if not text:
            errors["reply"] = _("Write the reply.")
        if current.flagged and (reply_public or show_body):
            errors["reply_public"] = _("A letter that alerted the counsellors is never shown publicly.")
        elif show_body and not reply_public:
            errors["show_body"] = _("The letter can be shown only with a public reply.")

    def apply(current: Message) -> None:
        current.reply, current.replied_on = text, timezone.localdate()
        current.reply_public, current.show_body = reply_public, show_body and reply_public

    return apply_transition(WORKFLOW, actor=actor, obj=message, action="reply", comment=comment, check=check,
                            apply=apply)


@audited
def message_close(*, actor: Actor, message: Message, comment: str = "") -> Message:
    """The committee closes a letter: after the reply, or without one when it says why."""

    def check(current: Message, errors: dict) -> None:
        if current.status != S.REPLIED and not (comment or "").strip() and "comment" not in errors:
            errors["comment"] = _("Say why the message is closed without a reply.")

    return apply_transition(WORKFLOW, actor=actor, obj=message, action="close", comment=comment, check=check)


def warn_overdue(today: dt.date | None = None) -> int:
    """The daily job: each assigned letter past its reply date is warned to its assignee, and each school's
    committee gets one notice listing them; once a day (overdue_warned_on), so a second run sends nothing.
    Returns the number of letters warned."""
    today = today or timezone.localdate()
    not_yet = Q(overdue_warned_on__isnull=True) | Q(overdue_warned_on__lt=today)
    rows = list(Message.objects.filter(not_yet, status=S.ASSIGNED, reply_due__lt=today)
                .select_related("school", "assignee").order_by("reply_due", "pk"))
    late: dict = defaultdict(list)
    for message in rows:
        # the conditional update is the claim: two runs at once warn each letter once
        if not Message.objects.filter(not_yet, pk=message.pk).update(overdue_warned_on=today):
            continue
        late[message.school].append(message)
        link = reverse("surveys:mailbox-message", args=[message.pk])
        notify(message.school, [message.assignee],
               # the subject stays out of notifications: it is encrypted at rest, a notification is not
               _("Mailbox letter overdue (received on %(date)s)") % {"date": message.received_on.isoformat()},
               _("The reply was due on %(date)s. Please reply now, or tell the committee why not.") % {
                   "date": message.reply_due.isoformat() if message.reply_due else "—"}, link)
    for school, messages in late.items():
        committee = recipients_for_roles(school, roles_with("mailbox.manage"))
        notify(school, committee,
               _("%(count)d mailbox letters are past their reply date") % {"count": len(messages)},
               "\n".join(f"{m.received_on.isoformat()} · {m.assignee.display_name if m.assignee else '—'} · "
                         f"{m.reply_due.isoformat()}" for m in messages[:20]),
               reverse("surveys:mailbox") + "?overdue=1")
    return sum(len(m) for m in late.values())


# --- settings -------------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def mailbox_settings_save(*, actor: Actor, reply_days: int | None, crisis_words: str) -> MailboxSettings:
    """The committee's settings: the days a reply may take and the crisis words (one per line, ≤ 40 characters
    each, ≤ 200 words; left empty, the default list is used)."""
    actor.require("mailbox.manage")
    errors: dict = {}
    if reply_days is None or not 1 <= reply_days <= REPLY_DAYS_MAX:
        errors["reply_days"] = _("Give a number of days from 1 to %(max)d.") % {"max": REPLY_DAYS_MAX}
    found, problems = words.check(crisis_words)
    if problems:
        errors["crisis_words"] = problems
    if errors or reply_days is None:
        raise ValidationError(errors)
    row = MailboxSettings.objects.select_for_update().filter(school=actor.school).first() or \
        MailboxSettings(school=actor.school)
    row.reply_days, row.crisis_words = reply_days, "\n".join(found)
    row.save()
    return row
