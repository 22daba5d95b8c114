"""What the volunteers part holds about a student's family, and its erasure (ORG-9).

It holds nothing about the student; about their guardians: a guardian's offer to volunteer (duties, skills, days)
and the duties they were asked to, answered and served, with the hours. On erasure the offer loses its skills and
times and is paused; the duties stay (the hours are the school's record of its volunteers), their guardian
anonymised by the people app."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import VolunteerOffer, VolunteerResponse


def summary(student) -> list[tuple[str, list[str]]]:
    guardian_ids = list(student.guardians.values_list("pk", flat=True))
    lines: list[str] = []
    for offer in VolunteerOffer.objects.filter(guardian_id__in=guardian_ids).select_related("guardian"):
        lines.append(_("%(name)s offers to volunteer: %(kinds)s; skills: %(skills)s; %(state)s") % {
            "name": offer.guardian.name, "kinds": "、".join(offer.kind_labels), "skills": offer.skills or "—",
            "state": _("active") if offer.active else _("paused")})
    for r in (VolunteerResponse.objects.filter(guardian_id__in=guardian_ids)
              .select_related("guardian", "request__activity").order_by("request__starts_at")):
        line = f"{r.guardian.name}：{r.request.starts_at:%Y-%m-%d} {r.request.activity.title} " \
               f"{r.request.get_kind_display()} · {r.get_status_display()}"
        if r.served:
            line += " · " + _("%(n)s hours") % {"n": r.hours}
        lines.append(line)
    return [(_("Parent volunteering"), lines)] if lines else []


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    clear_rows(out, VolunteerOffer.objects.filter(guardian_id__in=subject.guardian_ids), skills="", times="",
               weekdays="", active=False)
    return out
