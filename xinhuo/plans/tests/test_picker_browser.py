"""Issue 20: a plan task's linked activities on a phone — a searchable picker that adds and removes one activity at a
time (core.forms.SearchPicker, core/picker.js) instead of a multi-select of the year's activities that one tap wipes;
without script the plain multi-select posts the same values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from xinhuo.activities.models import Activity
from xinhuo.core.tests.test_browser import assert_fits_phone, log_in
from xinhuo.plans.forms import ProgressForm

from .helpers import a_plan, first_task


def activities(world, n: int = 40) -> list[Activity]:
    start = timezone.make_aware(dt.datetime(2027, 3, 1, 8))
    rows = [Activity(school=world.school, title=f"主题班会第{i:02d}次", kind="volunteer",
                     starts_at=start + dt.timedelta(days=i), ends_at=start + dt.timedelta(days=i, hours=2),
                     organiser=world.users["head_teacher_a"]) for i in range(n)]
    rows.append(Activity(school=world.school, title="清明祭英烈", kind="study_trip",
                         starts_at=timezone.make_aware(dt.datetime(2027, 4, 3, 8)),
                         ends_at=timezone.make_aware(dt.datetime(2027, 4, 3, 11)),
                         organiser=world.users["head_teacher_a"]))
    return Activity.objects.bulk_create(rows)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_owner_adds_and_removes_one_linked_activity(new_page, world):
    made = activities(world)
    kept, qingming = made[5], made[-1]
    task = first_task(a_plan(world), owner=world.users["head_teacher_a"])
    task.activities.set([kept, made[6]])

    page = new_page()  # 390 × 844
    log_in(page, world.users["head_teacher_a"].username)
    page.goto(f"/plans/tasks/{task.pk}/")
    picker = page.locator("#progress-form .xh-picker")
    chosen = picker.locator(".xh-picker-chosen li[data-value]")
    chosen.first.wait_for()
    assert page.locator("#id_activities").is_hidden(), "the multi-select gives way to the picker"
    assert chosen.count() == 2
    assert picker.locator(".xh-picker-results button.xh-picker-add").count() <= 12, "a screenful, not the year"
    assert_fits_phone(page)

    # the field's label names the search box; typing narrows the matches to the one wanted
    search = picker.locator("input.xh-picker-search")
    assert page.locator("label[for='id_activities-search']").count() == 1
    search.fill("清明")
    add = picker.locator(f".xh-picker-results button.xh-picker-add[data-value='{qingming.pk}']")
    add.wait_for()
    assert picker.locator(".xh-picker-results button.xh-picker-add").count() == 1
    add.click()
    picker.locator(f".xh-picker-chosen li[data-value='{qingming.pk}']").wait_for()
    assert chosen.count() == 3

    # one removed, the others stay
    picker.locator(f".xh-picker-chosen button[data-value='{made[6].pk}']").click()
    picker.locator(f".xh-picker-chosen li[data-value='{made[6].pk}']").wait_for(state="detached")
    assert chosen.count() == 2

    with page.expect_navigation():
        page.click("#progress-form button[type=submit]")
    assert set(task.activities.all()) == {kept, qingming}


def test_without_script_it_is_the_plain_multi_select(world):
    made = activities(world, n=3)
    html = str(ProgressForm(activities=Activity.objects.filter(pk__in=[a.pk for a in made]),
                            initial={"activities": [made[1].pk]})["activities"])
    select = re.search(r"<select[^>]*>", html).group(0)
    assert 'name="activities"' in select and "multiple" in select and "data-picker-select" in select
    assert len(re.findall(r"<option ", html)) == 4
    assert f'<option value="{made[1].pk}" selected>' in html
    assert 'class="xh-picker"' in html and "/static/core/picker.js" in html
