"""The consent coverage page's chart (issue 20): per purpose, the enrolled students with complete consent and those
missing it — the figures of the table's whole-school row — and a head teacher's missing consents per class."""

from __future__ import annotations

from django.utils import timezone

from xinhuo.people import selectors
from xinhuo.people.consent import PURPOSES, years_before
from xinhuo.people.models import Student
from xinhuo.people.tests.consent_helpers import guardian_consent, publish, publish_all


def thirteen(world):
    Student.objects.filter(school=world.school).update(birth_date=years_before(timezone.localdate(), 13))


def test_the_chart_shows_complete_and_missing_per_purpose(world):
    thirteen(world)
    notices = publish_all(world)
    guardian_consent(world, notice=notices["screening"])  # x: complete for screening
    data = selectors.consent_coverage(world.actor("director"))
    spec = data["chart"]
    complete, missing = (s["values"] for s in spec["series"])
    by_purpose = dict(zip(PURPOSES, zip(complete, missing, strict=True), strict=True))
    assert by_purpose["screening"] == (1, 2)
    assert all(by_purpose[p] == (0, 3) for p in PURPOSES if p != "screening")
    assert [(c["complete"], c["missing"]) for c in data["total_cells"]] == list(zip(complete, missing, strict=True))
    assert "3" in spec["summary"] and "33%" in spec["summary"]
    page = world.client("director").get("/people/consents/coverage/").content.decode()
    assert 'data-chart-for="consent-coverage"' in page


def test_a_head_teacher_gets_the_missing_consents_of_their_classes_only(world):
    thirteen(world)
    publish(world, "special_group")  # the only purpose with a notice: the others cannot be consented yet
    guardian_consent(world, purpose="special_group")
    teacher = world.actor("head_teacher_a")
    missing = selectors.consents_missing_by_class(teacher, [world.class_a.pk, world.class_b.pk])
    assert missing == {world.class_a.pk: [{"purpose": "special_group", "label": missing[world.class_a.pk][0]["label"],
                                           "missing": 1}]}  # y; class B is not theirs
