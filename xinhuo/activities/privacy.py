"""What the activities app holds about a student (sign-ups, field work), and its erasure (ORG-9).

Sign-ups stay, so that an activity's attendance still counts, under the student's pseudonym; field-work answers,
feedback and files go."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject

from .models import FieldWork, SignUp

ERASED_PERSON = "已离校学生家长"


def summary(student) -> list[tuple[str, list[str]]]:
    signups = [f"{s.activity.starts_at:%Y-%m-%d} {s.activity.title}" + (_(" (attended)") if s.checked_in_at else "")
               for s in SignUp.objects.filter(student=student).select_related("activity")
               .order_by("activity__starts_at")]
    works = [f"{w.task.title}（{w.submitted_at:%Y-%m-%d}）"
             for w in FieldWork.objects.filter(student=student).select_related("task").order_by("submitted_at")]
    return [(_("Activities signed up for"), signups), (_("Field work handed in"), works)]


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    signups = []
    for signup in SignUp.objects.filter(student_id__in=subject.student_ids).only("pk", "student_id"):
        SignUp.objects.filter(pk=signup.pk).update(name=subject.pseudonyms.get(signup.student_id or 0, ""))
        signups.append(signup.pk)
    own = list(SignUp.objects.filter(user_id__in=subject.user_ids, student__isnull=True)
               .values_list("pk", flat=True))
    SignUp.objects.filter(pk__in=own).update(name=ERASED_PERSON)
    if signups or own:
        out["activities.SignUp"] = signups + own
    works = []
    for work in FieldWork.objects.filter(student_id__in=subject.student_ids):
        if work.file:
            work.file.delete(save=False)
        FieldWork.objects.filter(pk=work.pk).update(text="", feedback="", file="")
        works.append(work.pk)
    if works:
        out["activities.FieldWork"] = works
    return out
