"""What the school part holds about a student or their family, and its erasure (ORG-9).

A registration names the guardian who attended and the child whose family they attended for: on erasure the rows
stay (the attendance figures keep their counts) and the people app anonymises the guardian and the student they
point to; the 优秀家长学员 list's copied name of an erased guardian is replaced."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import ExcellentParent, SessionRegistration

ERASED_NAME = "已删除家长"


def summary(student) -> list[tuple[str, list[str]]]:
    rows = (SessionRegistration.objects.filter(student=student).select_related("session__course", "guardian")
            .order_by("session__starts_at", "pk"))
    lines = []
    for r in rows:
        state = _("attended") if r.attended_at else _("cancelled") if r.cancelled_at else _("registered")
        lines.append(f"{r.session.starts_at:%Y-%m-%d} {r.session} · {r.guardian.name} · {state}")
    guardians = student.guardian_links.values("guardian_id")
    honours = [f"{e.term} 优秀家长学员 {e.name}（{e.certificate_no}）" for e in
               ExcellentParent.objects.filter(guardian_id__in=guardians).select_related("term__school_year")]
    return [(_("Parent school: sessions"), lines), (_("Parent school: certificates"), honours)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    clear_rows(out, ExcellentParent.objects.filter(guardian_id__in=subject.guardian_ids), name=ERASED_NAME)
    return out
