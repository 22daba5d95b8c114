"""What the committee part holds about a student's family, and its erasure (ORG-9).

About a student's guardians: their seats on parent committees (position, duties, term, why they left), their
presence at committee meetings (through the seat), their membership of mutual-help groups and a group they
coordinate. Erasure: seats end and lose their duties and reason for leaving (the seat stays, so a committee's
history keeps its count, under the guardian's replacement name); mutual-help memberships end; a group coordinated
by the guardian loses its coordinator. Minutes are the committee's record and are not rewritten."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import CommitteeSeat, MutualHelpGroup, MutualHelpMember


def _guardian_ids(student) -> list[int]:
    return list(student.guardian_links.values_list("guardian_id", flat=True))


def summary(student) -> list[tuple[str, list[str]]]:
    guardians = _guardian_ids(student)
    if not guardians:
        return []
    seats = [
        f"{s.guardian.name}：{s.committee.title} {s.get_position_display()}"
        f"（{s.term_from} — {s.ended_on or s.term_to or ''}）"
        for s in CommitteeSeat.objects.filter(guardian_id__in=guardians).select_related(
            "guardian", "committee__grade", "committee__school_class__grade").order_by("term_from", "pk")]
    groups = [
        f"{m.guardian.name}：{m.group.name}（{m.joined_on} — {m.left_on or ''}）"
        for m in MutualHelpMember.objects.filter(guardian_id__in=guardians).select_related(
            "guardian", "group").order_by("joined_on", "pk")]
    out = []
    if seats:
        out.append((_("Parent committee seats"), seats))
    if groups:
        out.append((_("Mutual-help groups"), groups))
    return out


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    guardians = subject.guardian_ids
    if not guardians:
        return out
    today = timezone.localdate()
    seats = CommitteeSeat.objects.filter(guardian_id__in=guardians)
    seats.filter(ended_on__isnull=True, term_from__lte=today).update(ended_on=today)
    seats.filter(ended_on__isnull=True).update(ended_on=F("term_from"))
    clear_rows(out, seats, duties="", end_note="")
    members = MutualHelpMember.objects.filter(guardian_id__in=guardians)
    members.filter(left_on__isnull=True, joined_on__lte=today).update(left_on=today)
    members.filter(left_on__isnull=True).update(left_on=F("joined_on"))
    if pks := list(members.values_list("pk", flat=True)):
        out[MutualHelpMember._meta.label] = pks
    clear_rows(out, MutualHelpGroup.objects.filter(coordinator_guardian_id__in=guardians), coordinator_guardian=None)
    return out
