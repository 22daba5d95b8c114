"""What the notices part holds about a student or their family, and its erasure (ORG-9).

A family's receipt of a notice (when read, by which guardian) and its reply; the per-child message threads. On
erasure a receipt keeps that it was read and replied (the notice's counts stay right) but loses who read it, the
answers and the reply; a thread loses its subject and the messages their text and authors."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import FamilyMessage, FamilyNoticeRecipient, FamilyThread


def summary(student) -> list[tuple[str, list[str]]]:
    receipts = []
    for r in (FamilyNoticeRecipient.objects.filter(student=student).select_related("notice")
              .order_by("notice__sent_at", "pk")):
        state = _("replied") if r.replied_at else _("read") if r.read_at else _("not read")
        receipts.append(f"{r.notice.title}（{r.notice.sent_at:%Y-%m-%d}，{state}）" if r.notice.sent_at
                        else f"{r.notice.title}（{state}）")
    threads = [_("%(subject)s (%(n)d messages, started %(day)s)") % {
        "subject": t.subject, "n": t.n, "day": f"{t.created_at:%Y-%m-%d}"}
        for t in FamilyThread.objects.filter(student=student).annotate(n=Count("messages")).order_by("created_at")]
    return [(_("Notices to the family"), receipts), (_("Messages with the head teacher"), threads)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    students, users = subject.student_ids, subject.user_ids
    clear_rows(out, FamilyNoticeRecipient.objects.filter(student_id__in=students), answers="", agree=None,
               read_by=None, replied_by=None)
    clear_rows(out, FamilyNoticeRecipient.objects.filter(Q(read_by_id__in=users) | Q(replied_by_id__in=users))
               .exclude(student_id__in=students), read_by=None, replied_by=None)
    clear_rows(out, FamilyThread.objects.filter(student_id__in=students), subject="")
    clear_rows(out, FamilyMessage.objects.filter(Q(thread__student_id__in=students) | Q(author_id__in=users)),
               body="", author=None, read_by=None)
    for label in out:
        out[label] = sorted(set(out[label]))
    return out
