"""Issue 20: a select's empty choice never reads Django's "---------" — 全部 in a list's filter, 请选择 or （无） in a
form — and a head teacher's class filter offers only their classes (core.selectors.class_choices)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils.translation import gettext

from xinhuo.core import selectors
from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.models import Department, SchoolClass

BLANK = "---------"


def first_option(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.search(r'<option value=""[^>]*>([^<]*)</option>', select.group(1)).group(1)


def option_values(html: str, name: str) -> set[int]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))}


class ThingFilterForm(BootstrapMixin, forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False)
    dash = forms.ModelChoiceField(queryset=Department.objects.none(), required=False, empty_label="—")
    kind = forms.ChoiceField(required=False, choices=[("", BLANK), ("a", "A")])
    worded = forms.ChoiceField(required=False, choices=[("", "All kinds"), ("a", "A")])


class ThingForm(BootstrapMixin, forms.Form):
    needed = forms.ModelChoiceField(queryset=Department.objects.none())
    optional = forms.ModelChoiceField(queryset=Department.objects.none(), required=False)
    kind = forms.TypedChoiceField(required=False, choices=[("", BLANK), ("a", "A")])
    chosen = forms.ModelChoiceField(queryset=Department.objects.none(), required=False, empty_label="—")


def test_a_filter_offers_all_where_django_would_say_dashes(db):
    html = str(ThingFilterForm())
    assert BLANK not in html
    for name in ("department", "dash", "kind"):
        assert first_option(html, name) == gettext("All"), name
    assert first_option(html, "worded") == "All kinds"  # a choice the form words itself stays


def test_a_form_asks_to_choose_or_says_none(db):
    html = str(ThingForm())
    assert BLANK not in html
    assert first_option(html, "needed") == gettext("Choose…")
    assert first_option(html, "optional") == gettext("(none)")
    assert first_option(html, "kind") == gettext("(none)")
    assert first_option(html, "chosen") == "—"  # a form's own word, outside a filter, stays


@pytest.mark.parametrize("url", ["/people/students/", "/people/staff/", "/people/consents/register/"])
def test_list_filters_say_all(world, url):
    html = world.client("director").get(url).content.decode()
    assert BLANK not in html
    name = "department" if "staff" in url else "school_class"
    assert first_option(html, name) == gettext("All")


@pytest.mark.parametrize("url", ["/people/staff/new/", "/care/tags/new/", "/care/support/new/"])
def test_input_forms_show_no_dashes(world, url):
    response = world.client("director").get(url)
    assert response.status_code == 200
    assert BLANK not in response.content.decode()


def test_class_choices_per_role(world):
    a, b = world.class_a, world.class_b
    assert set(selectors.class_choices(world.actor("director"))) >= {a, b}
    assert list(selectors.class_choices(world.actor("head_teacher_a"))) == [a]
    assert list(selectors.class_choices(world.actor("head_teacher_b"))) == [b]
    assert list(selectors.class_choices(world.actor("parent_x"))) == [world.student_x.school_class]
    assert not selectors.class_choices(world.actor("finance")).exists()
    # a list open to the whole school for this actor (the list's own test) offers every class
    assert set(selectors.class_choices(world.actor("head_teacher_a"), wide=True)) >= {a, b}
    assert list(selectors.grade_choices(world.actor("head_teacher_a"))) == [a.grade]


def test_class_choices_in_grade_order(world):
    """初一 before 初二 before 初三, whatever the characters' codes."""
    school = world.school
    grades = [world.grade.__class__.objects.create(school=school, name=name, level=level)
              for name, level in (("初三", 9), ("初二", 8))]
    for g in grades:
        SchoolClass.objects.create(school=school, grade=g, number=1, name="1班")
    levels = [c.grade.level for c in selectors.class_choices(world.actor("director"))]
    assert levels == sorted(levels)


@pytest.mark.parametrize("url", ["/people/students/", "/people/consents/register/"])
def test_head_teacher_class_filter_lists_only_their_classes(world, url):
    html = world.client("head_teacher_a").get(url).content.decode()
    assert option_values(html, "school_class") == {world.class_a.pk}
    html = world.client("director").get(url).content.decode()
    assert {world.class_a.pk, world.class_b.pk} <= option_values(html, "school_class")


def test_head_teacher_grade_filter_lists_their_grade(world):
    html = world.client("head_teacher_a").get("/people/students/").content.decode()
    assert option_values(html, "grade") == {world.class_a.grade_id}
