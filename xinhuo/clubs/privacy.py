"""What the clubs app holds about a student (memberships, attendance), and its erasure (ORG-9).

Neither row names the student or holds free text about them: they stay, pointing at the pseudonymised student, so
a club's membership and attendance figures still add up. Nothing to clear."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject

from .models import ClubAttendance, ClubMembership


def summary(student) -> list[tuple[str, list[str]]]:
    rows = [f"{m.club.name}（{m.get_role_display()}，{m.get_status_display()}）"
            for m in ClubMembership.objects.filter(student=student).select_related("club").order_by("requested_at")]
    present = ClubAttendance.objects.filter(student=student, present=True).count()
    if present:
        rows.append(_("Club meetings attended: %d") % present)
    return [(_("Clubs"), rows)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    return {}
