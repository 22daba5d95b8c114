"""Who may read what of the profiles part. The student-level rule is care's (care_for_student): a profile shows
nothing care does not already show the viewer on its own pages."""

from __future__ import annotations

from xinhuo.care.rules import can as care_can
from xinhuo.core.access import Actor


def view_population(actor: Actor) -> bool:
    return actor.can("evaluation.profiles.view")


def view_screening(actor: Actor) -> bool:
    return actor.can("evaluation.profiles.view") and actor.can("evaluation.profiles.screening")


def view_profile(actor: Actor, student) -> bool:
    return (actor.can("evaluation.profiles.student") and student.school_id == actor.school.pk
            and care_can(actor, "care_for_student", student))
