"""What the care app holds about a student, and its erasure (ORG-9, the privacy app's daily job).

Rows stay so that the committee's counts (tags by group, measures by kind, visits, mentoring pairs) still add up;
what they say about the child goes: notes, findings, what was done, topics, a peer mentor's name and phone."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import (
    FollowUp,
    GrowthEntry,
    HomeVisit,
    Mentor,
    MentoringContact,
    MentoringPair,
    StudentTag,
    SupportMeasure,
    TagStatusChange,
)


def summary(student) -> list[tuple[str, list[str]]]:
    """What the family may read (the growth record's rules): special-group tags are never shown to a family
    (DESIGN.md), so the section says where to ask whether or not there is one; support without its notes."""
    support = [f"{m.given_on} {m.get_kind_display()}"
               for m in SupportMeasure.objects.filter(student=student).order_by("given_on")]
    pairs = [f"{p.mentor.name}（{p.started_on}–{p.ended_on or _('now')}）"
             for p in MentoringPair.objects.filter(student=student).select_related("mentor").order_by("started_on")]
    visits = [f"{v.visited_on} {v.get_way_display()}"
              for v in HomeVisit.objects.filter(student=student).order_by("visited_on")]
    growth = [f"{g.on} {g.get_kind_display()}：{g.title}"
              for g in GrowthEntry.objects.filter(student=student, internal=False).order_by("on")]
    care_note = [_("Special-group records and the school's internal notes are kept by the committee; ask the "
                   "committee about them.")]
    return [(_("Support received"), support), (_("Mentors"), pairs), (_("Home visits"), visits),
            (_("Growth record"), growth), (_("Special groups"), care_note)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    ids = subject.student_ids
    out: dict[str, list[int]] = {}
    clear_rows(out, StudentTag.objects.filter(student_id__in=ids), note=None)
    clear_rows(out, TagStatusChange.objects.filter(tag__student_id__in=ids), comment="")
    clear_rows(out, SupportMeasure.objects.filter(student_id__in=ids), what="", outcome="", internal_note=None)
    clear_rows(out, MentoringPair.objects.filter(student_id__in=ids), contact_plan="", summary="")
    clear_rows(out, MentoringContact.objects.filter(pair__student_id__in=ids), topic="", next_step="")
    for mentor in Mentor.objects.filter(peer_id__in=ids):
        clear_rows(out, Mentor.objects.filter(pk=mentor.pk), name=subject.pseudonyms.get(mentor.peer_id or 0, ""),
               phone=None)
    clear_rows(out, HomeVisit.objects.filter(student_id__in=ids), notes=None, findings="")
    clear_rows(out, FollowUp.objects.filter(student_id__in=ids), text="", outcome="")
    clear_rows(out, GrowthEntry.objects.filter(student_id__in=ids), detail="")
    return out
