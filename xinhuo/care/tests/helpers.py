"""Builders for the care tests."""

from __future__ import annotations

from django.http import Http404

from xinhuo.people.tests.consent_helpers import guardian_consent, publish

PURPOSE = "special_group"


def consent_special_group(world, student=None, guardian=None, school=None):
    """A guardian's special-group consent for the student (student_x by guardian_x by default)."""
    student = student or world.student_x
    guardian = guardian or {world.student_x.pk: world.guardian_x, world.student_z.pk: world.guardian_z,
                            world.other_student.pk: world.other_guardian}[student.pk]
    return guardian_consent(world, student=student, guardian=guardian, purpose=PURPOSE)


def publish_special_group(world, school=None):
    return publish(world, PURPOSE, school=school)


def visible(selector, actor) -> set[int]:
    """The ids a scoped selector gives the actor; none when the role may not use it at all (404)."""
    try:
        return set(selector(actor).values_list("pk", flat=True))
    except Http404:
        return set()
