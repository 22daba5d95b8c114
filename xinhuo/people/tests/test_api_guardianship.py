"""A head teacher corrects a guardian's relation to a child of their class from a phone (issue 20): POST
guardians/{id}/guardianship/ does what the page's guardianship form does (the relation, whether the child lives with
them; the fields given change), refuses as the service does with nothing changed, and is 404 for whoever may not
change that family's guardians."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from conftest import make_guardian
from xinhuo.people.models import StudentGuardian

API = "/api/v1/guardians"


def post(world, persona: str, url: str, data: dict):
    return world.client(persona).post(url, data, content_type="application/json")


def links() -> list[tuple]:
    return list(StudentGuardian.objects.order_by("pk").values_list("student_id", "guardian_id", "relation",
                                                                    "lives_with", "is_primary"))


def test_the_head_teacher_corrects_a_relation_as_the_page_does(world):
    x, mother = world.student_x, world.guardian_x2
    page = world.client("head_teacher_a").post(reverse("people:guardianship-edit", args=[mother.pk, x.pk]),
                                               {"relation": "grandmother"})  # lives_with unticked: no
    assert page.status_code == 302
    by_page = links()
    StudentGuardian.objects.filter(guardian=mother, student=x).update(relation="mother", lives_with=True)
    r = post(world, "head_teacher_a", f"{API}/{mother.pk}/guardianship/", {"student": x.pk,
                                                                           "relation": "grandmother",
                                                                           "lives_with": False})
    assert r.status_code == 200, r.content
    assert [(link["relation"], link["lives_with"]) for link in r.json()["links"]] == [("grandmother", False)]
    assert links() == by_page
    # the fields given change, the others keep their values
    r = post(world, "head_teacher_a", f"{API}/{mother.pk}/guardianship/", {"student": x.pk, "lives_with": True})
    assert r.status_code == 200
    assert StudentGuardian.objects.filter(guardian=mother, student=x).values_list("relation", "lives_with").get() \
        == ("grandmother", True)


def test_refusals_change_nothing(world):
    before = links()
    r = post(world, "head_teacher_a", f"{API}/{world.guardian_x.pk}/guardianship/",
             {"student": world.student_z.pk, "relation": "father"})  # class B's student
    assert r.status_code == 400 and r.json() == {"student": [gettext(
        "You can change the guardians only of the students of your own classes.")]}
    r = post(world, "head_teacher_a", f"{API}/{world.guardian_x.pk}/guardianship/",
             {"student": world.student_y.pk, "relation": "father"})  # class A, but not his child
    assert r.status_code == 400 and r.json() == {"student": [gettext("%(name)s is not a guardian of %(student)s.")
                                                             % {"name": "张大明", "student": "李小红"}]}
    r = post(world, "head_teacher_a", f"{API}/{world.guardian_x.pk}/guardianship/",
             {"student": world.student_x.pk, "relation": "uncle"})
    assert r.status_code == 400 and "relation" in r.json()
    assert links() == before


@pytest.mark.parametrize("persona", ["head_teacher_b", "counsellor", "leader", "parent_x", "student_x", "elder",
                                     "outsider"])
def test_others_may_not_change_the_relation(world, persona):
    before = links()
    r = post(world, persona, f"{API}/{world.guardian_x2.pk}/guardianship/", {"student": world.student_x.pk,
                                                                              "relation": "other"})
    assert r.status_code == 404
    assert links() == before


def test_head_teacher_b_corrects_their_own_classs_family(world):
    aunt = make_guardian(world.school, "王阿姨", "13700001111", world.student_z, relation="other_relative")
    r = post(world, "head_teacher_b", f"{API}/{aunt.pk}/guardianship/", {"student": world.student_z.pk,
                                                                         "lives_with": False})
    assert r.status_code == 200
    assert StudentGuardian.objects.get(guardian=aunt).lives_with is False
