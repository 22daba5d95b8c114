"""What the wellbeing app holds about a student, and its erasure (ORG-9, the privacy app's daily job).

The summary names screenings and cases, never answers, scores or notes (PSY-5: item-level results are the
counsellor's), and no counselling (PSY-3: confidential).
Erasure clears the answers, notes, messages and outcomes; the rows and their risk levels stay for the counts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import (
    Alert,
    Appointment,
    Case,
    CaseMessage,
    CaseStep,
    CaseTask,
    Referral,
    Response,
    TalkRequest,
)


def summary(student) -> list[tuple[str, list[str]]]:
    """Screenings (the guardians consented to them) and follow-up cases (the family takes part); counselling
    appointments and talk requests are confidential (PSY-3) and not listed, whoever reads the summary."""
    screenings = [f"{r.campaign.title}（{r.submitted_at:%Y-%m-%d}）" for r in
                  Response.objects.filter(student=student, submitted_at__isnull=False).select_related("campaign")
                  .order_by("submitted_at")]
    cases = [c.get_status_display() for c in Case.objects.filter(student=student).order_by("pk")]
    note = [_("Counselling is confidential: its records stay with the counsellor.")]
    return [(_("Screenings taken (results stay with the counsellor)"), screenings),
            (_("Follow-up cases"), cases), (_("Counselling (confidential)"), note)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    ids = subject.student_ids
    out: dict[str, list[int]] = {}
    clear_rows(out, Response.objects.filter(student_id__in=ids), answers={})
    clear_rows(out, Alert.objects.filter(student_id__in=ids), note=None)
    clear_rows(out, Case.objects.filter(student_id__in=ids), notes=None, family_request="", summary=None)
    clear_rows(out, CaseStep.objects.filter(case__student_id__in=ids), comment="")
    clear_rows(out, CaseTask.objects.filter(case__student_id__in=ids), text="", done_note="")
    clear_rows(out, CaseMessage.objects.filter(case__student_id__in=ids), text="")
    clear_rows(out, Referral.objects.filter(case__student_id__in=ids), consent_by="", outcome=None)
    clear_rows(out, Appointment.objects.filter(student_id__in=ids), reason=None, notes=None)
    clear_rows(out, TalkRequest.objects.filter(student_id__in=ids), message=None, answer="")
    return out
