"""The privacy app's own rows about a student (requests, holds), in the summary and in the erasure (ORG-9)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject

from .models import ErasureHold, PrivacyRequest, PrivacyRequestStep


def summary(student) -> list[tuple[str, list[str]]]:
    rows = [f"{r.filed_at:%Y-%m-%d} {r.get_kind_display()}：{r.get_status_display()}"
            for r in PrivacyRequest.objects.filter(student=student).order_by("filed_at")]
    return [(_("Requests about personal data"), rows)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    ids = subject.student_ids
    requests = list(PrivacyRequest.objects.filter(student_id__in=ids).values_list("pk", flat=True))
    PrivacyRequest.objects.filter(pk__in=requests).update(text="", answer="")
    steps = list(PrivacyRequestStep.objects.filter(request_id__in=requests).values_list("pk", flat=True))
    PrivacyRequestStep.objects.filter(pk__in=steps).update(comment="")
    holds = list(ErasureHold.objects.filter(student_id__in=ids).values_list("pk", flat=True))
    ErasureHold.objects.filter(pk__in=holds).update(reason="")
    return {"privacy.PrivacyRequest": requests, "privacy.ErasureHold": holds}
