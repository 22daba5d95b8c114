"""Who hears of a letter's steps: a flagged letter goes at once to every counsellor and the safeguarding lead,
whatever its assignment; an assignment to the assignee; a reply to the writer of a named letter (an anonymous
writer reads it with the code). A new letter that is not flagged sends nothing: a notice's time would say when
it was written, and the committee's list and home-page figures show it. A flagged one is told at once all the same:
a child's safety comes before hiding the hour (the notice names the words found, never the text or the writer)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Message, MessageStatus
from .signals import message_changed


def crisis_recipients(school) -> list:
    from xinhuo.core.models import Role, User
    from xinhuo.core.services import recipients_for_roles
    from xinhuo.wellbeing.selectors import safeguarding_lead_id

    people = recipients_for_roles(school, [Role.COUNSELLOR])
    lead = safeguarding_lead_id(school)
    if lead is not None and lead not in {u.pk for u in people}:
        people += list(User.objects.filter(pk=lead, is_active=True))
    return people


@receiver(message_changed, sender=Message, dispatch_uid="surveys-mailbox-message-changed")
def tell_of_step(sender, message: Message, step, actor, **kwargs) -> None:
    from xinhuo.core.notifications import notify

    link = reverse("surveys:mailbox-message", args=[message.pk])
    if not step.from_status:
        if message.flagged:
            notify(message.school, crisis_recipients(message.school),
                   _("A mailbox letter may need the counsellors now"),
                   _("A letter to the %(box)s mentions: %(words)s. Please read it today and follow it up, whoever "
                     "it is assigned to.") % {"box": message.get_box_display(), "words": "、".join(message.flag_words)},
                   link)
        return
    by = actor.user if actor is not None else None
    if step.to_status == MessageStatus.ASSIGNED and message.assignee is not None:
        notify(message.school, [message.assignee],
               _("Mailbox letter for you to answer: %(subject)s") % {"subject": message.subject},
               _("Please reply by %(date)s.") % {"date": message.reply_due.isoformat() if message.reply_due else "—"},
               link, exclude=by)
    elif step.to_status == MessageStatus.REPLIED and not message.anonymous and message.writer_id:
        notify(message.school, [message.writer],
               _("Your letter has a reply: %(subject)s") % {"subject": message.subject}, "",
               reverse("surveys:mailbox-mine"), exclude=by)
