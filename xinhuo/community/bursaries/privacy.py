"""What the bursaries part holds about a student (grants), and its erasure (ORG-9).

A grant stays for the fund's accounts (its amount, date, grade and status: the donor's report and the balance still
add up), but its link to the child goes: the student is replaced by the pseudonym, and the reason, the special-group
snapshot and the comments of its history are cleared."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject, clear_rows

from .models import Grant, GrantStep


def summary(student) -> list[tuple[str, list[str]]]:
    rows = [f"{g.granted_on:%Y-%m-%d} {g.fund.name}：{g.amount:,.2f}元（{g.get_status_display()}）"
            for g in Grant.objects.filter(student=student).select_related("fund").order_by("granted_on", "pk")]
    return [(_("Bursary grants"), rows)] if rows else []


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    grants = list(Grant.objects.filter(student_id__in=subject.student_ids).values_list("pk", "student_id"))
    for pk, student_id in grants:
        Grant.objects.filter(pk=pk).update(student=None, reason="", groups_snapshot="",
                                           erased_label=subject.pseudonyms.get(student_id or 0, "")[:50])
    if grants:
        out["community.Grant"] = [pk for pk, _s in grants]
        clear_rows(out, GrantStep.objects.filter(grant_id__in=out["community.Grant"]),
                   comment="")
    return out
