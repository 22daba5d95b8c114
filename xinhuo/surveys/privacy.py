"""What the surveys app holds about a student (named answers, letters), and its erasure (ORG-9).

A named response loses its respondent and stays in the statistics, as an anonymous one is from the start; a named
letter to the mailbox loses its writer and its text (the committee's record keeps the date, status and reply)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject

from .models import Message, Response


def summary(student) -> list[tuple[str, list[str]]]:
    if student.user_id is None:
        return []
    named = [f"{r.survey.title}（{r.submitted_on}）" for r in
             Response.objects.filter(respondent_id=student.user_id, submitted_on__isnull=False)
             .select_related("survey").order_by("submitted_on")]
    letters = [f"{m.received_on} {m.get_status_display()}"
               for m in Message.objects.filter(writer_id=student.user_id).order_by("received_on")]
    return [(_("Named survey answers"), named), (_("Letters to the mailbox"), letters)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    users = subject.user_ids
    out: dict[str, list] = {}
    responses = list(Response.objects.filter(respondent_id__in=users).values_list("pk", flat=True))
    Response.objects.filter(pk__in=responses).update(respondent=None, school_class=None)
    letters = list(Message.objects.filter(writer_id__in=users).values_list("pk", flat=True))
    Message.objects.filter(pk__in=letters).update(writer=None, body="")
    if responses:
        out["surveys.Response"] = responses
    if letters:
        out["surveys.Message"] = letters
    return out
