"""Small builders for the consent tests (and the access matrix)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.people.consent import PURPOSES
from xinhuo.people.models import Consent, ConsentNotice


def publish(world, purpose: str = "screening", *, days_ago: int = 100, version: int | None = None,
            school=None) -> ConsentNotice:
    """A notice written straight to the table (the service refuses back-dated later versions)."""
    school = school or world.school
    if version is None:
        last = ConsentNotice.objects.filter(school=school, purpose=purpose).order_by("-version").first()
        version = last.version + 1 if last else 1
    return ConsentNotice.objects.create(
        school=school, purpose=purpose, version=version, title=f"{purpose} 告知书 v{version}",
        body=f"{purpose} 的用途、范围和保存期限。可随时撤回。",
        effective_from=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def publish_all(world, school=None) -> dict[str, ConsentNotice]:
    return {p: publish(world, p, school=school) for p in PURPOSES}


def guardian_consent(world, student=None, guardian=None, purpose: str = "screening", notice=None,
                     days_ago: int = 10) -> Consent:
    """An active guardian consent (guardian_x for student_x by default) to the notice in effect."""
    student = student or world.student_x
    guardian = guardian or world.guardian_x
    notice = notice or ConsentNotice.objects.filter(school=student.school, purpose=purpose).order_by(
        "-version").first() or publish(world, purpose, school=student.school)
    return Consent.objects.create(
        school=student.school, student=student, purpose=purpose, party=Consent.Party.GUARDIAN, guardian=guardian,
        notice=notice, method=Consent.Method.PAPER, given_at=timezone.now() - dt.timedelta(days=days_ago),
    )
