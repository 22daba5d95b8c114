"""What the honour selections hold about a student or guardian (nominations), and their erasure (ORG-9).

A nomination stays (a selection's counts and certificate numbers) under the pseudonym; the deeds, the review
comment and any objection's text go."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject

from .models import Nomination, Objection

ERASED_GUARDIAN = "已离校学生家长"


def summary(student) -> list[tuple[str, list[str]]]:
    rows = [f"{n.selection.title}：{n.get_review_display()}" + (_(", awarded") if n.awarded_at else "")
            for n in Nomination.objects.filter(student=student).select_related("selection").order_by("nominated_at")]
    return [(_("Honour nominations"), rows)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    nominations = []
    for n in Nomination.objects.filter(student_id__in=subject.student_ids).only("pk", "student_id"):
        Nomination.objects.filter(pk=n.pk).update(name=subject.pseudonyms.get(n.student_id or 0, ""), reason="",
                                                  review_comment="")
        nominations.append(n.pk)
    of_guardians = list(Nomination.objects.filter(guardian_id__in=subject.guardian_ids)
                        .values_list("pk", flat=True))
    Nomination.objects.filter(pk__in=of_guardians).update(name=ERASED_GUARDIAN, reason="", review_comment="")
    nominations += of_guardians
    if nominations:
        out["selections.Nomination"] = nominations
        objections = list(Objection.objects.filter(nomination_id__in=nominations).values_list("pk", flat=True))
        Objection.objects.filter(pk__in=objections).update(text="", reply="")
        if objections:
            out["selections.Objection"] = objections
    return out
