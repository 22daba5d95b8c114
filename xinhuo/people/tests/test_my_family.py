"""Where a parent finds their child (issue 20): "My children" opens the only child's page straight away, a card per
child when there are several, never the searchable list with its filters; a student goes to their own page; a parent
never reaches another family's child; the staff have no such page (404) and keep the lists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import make_student, make_user
from xinhuo.core.models import Role
from xinhuo.people.models import Guardian

pytestmark = pytest.mark.django_db

MINE = "/people/mine/"


def test_a_parent_with_one_child_is_sent_to_that_childs_page(world):
    response = world.client("parent_x").get(MINE)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:student-detail", args=[world.student_x.pk])
    page = world.client("parent_x").get(response["Location"])
    assert page.status_code == 200 and world.student_x.name in page.content.decode()


def test_a_parent_with_two_children_gets_a_card_for_each(world):
    second = make_student(world.school, world.class_b, "2026009", "张小亮", "M", seq=9)
    Guardian.objects.get(pk=world.guardian_x.pk).student_links.create(student=second, relation="father")
    response = world.client("parent_x").get(MINE)
    assert response.status_code == 200
    html = response.content.decode()
    cards = {int(pk) for pk in re.findall(r'data-child="(\d+)"', html)}
    assert cards == {world.student_x.pk, second.pk}
    for pk in cards:
        assert f'href="{reverse("people:student-detail", args=[pk])}"' in html
    assert 'name="q"' not in html and "student_no" not in html  # cards, not the searchable list
    assert world.student_y.name not in html and world.student_z.name not in html


def test_a_student_is_sent_to_their_own_page(world):
    for persona, student in (("student_x", world.student_x), ("student_y", world.student_y)):
        response = world.client(persona).get(MINE)
        assert response.status_code == 302
        assert response["Location"] == reverse("people:student-detail", args=[student.pk])


def test_a_parent_with_no_linked_child_is_told_whom_to_ask(world):
    user = make_user("newparent", world.school, Role.PARENT)
    from django.test import Client

    client = Client()
    client.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    response = client.get(MINE)
    assert response.status_code == 200 and 'id="no-child"' in response.content.decode()


@pytest.mark.parametrize("persona", ["director", "head_teacher_a", "counsellor", "finance", "elder", "outsider"])
def test_staff_have_no_children_page(world, persona):
    assert world.client(persona).get(MINE).status_code == 404


def test_a_parent_never_reaches_another_familys_child(world):
    client = world.client("parent_x")
    for student in (world.student_y, world.student_z, world.other_student):
        assert client.get(reverse("people:student-detail", args=[student.pk])).status_code == 404
    # the searchable list, if typed in, still holds the parent's own child only
    html = client.get(reverse("people:student-list")).content.decode()
    assert world.student_x.name in html and world.student_y.name not in html


def test_the_home_page_figures_leave_out_the_staffs_counts_for_a_family(world):
    for persona in ("parent_x", "student_x"):
        html = world.client(persona).get("/").content.decode()
        assert 'data-figure="students"' not in html and 'data-figure="guardians"' not in html
    assert 'data-figure="students"' in world.client("head_teacher_a").get("/").content.decode()


def test_the_parents_menu_offers_my_children_not_the_lists(world):
    html = world.client("parent_x").get("/").content.decode()
    nav = html.split('id="mainnav"', 1)[1]
    assert f'href="{MINE}"' in nav
    assert 'href="/people/students/"' not in nav and 'href="/people/guardians/"' not in nav


def test_the_roster_figures_are_for_those_who_keep_the_roster(world):
    """A counsellor's and a finance officer's home pages show what they own, not the school's head counts."""
    for persona in ("counsellor", "finance"):
        html = world.client(persona).get("/").content.decode()
        assert 'data-figure="students"' not in html and 'data-figure="staff"' not in html, persona
    assert 'data-figure="staff"' in world.client("director").get("/").content.decode()
