"""Issue 20: the growth record's activities agree with its service hours — an activity attended with hours is in
both sections, not "nothing recorded" under 活动 beside hours for it — and each section says how it fills."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.models import GrowthEntry, GrowthKind


def section(html: str, kind: str) -> str:
    start = html.index(f'id="growth-{kind}"')
    return html[start:html.index("</section>", start)]


def entries_in(html: str, kind: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-entry="(\d+)"', section(html, kind))}


@pytest.mark.parametrize("persona", ["director", "head_teacher_a", "parent_x", "student_x"])
def test_an_activity_with_service_hours_is_listed_under_activities_too(world, persona):
    on = timezone.localdate() - dt.timedelta(days=3)
    served = GrowthEntry.objects.create(school=world.school, student=world.student_x, kind=GrowthKind.SERVICE,
                                        on=on, title="学雷锋志愿服务", hours=Decimal("2"), internal=False,
                                        source_ref="activity:7:signup:9")
    attended = GrowthEntry.objects.create(school=world.school, student=world.student_x, kind=GrowthKind.ACTIVITY,
                                          on=on - dt.timedelta(days=1), title="清明祭英烈", internal=False,
                                          source_ref="activity:8:signup:10")
    by_staff = GrowthEntry.objects.create(school=world.school, student=world.student_x, kind=GrowthKind.SERVICE,
                                          on=on, title="社区清扫", hours=Decimal("1"), internal=False,
                                          recorded_by=world.users["director"])
    url = reverse("care:growth-detail", args=[world.student_x.pk])
    if persona == "student_x":
        url = reverse("care:growth")
    html = world.client(persona).get(url).content.decode()
    assert entries_in(html, "activity") == {served.pk, attended.pk}  # newest first, both activities
    assert section(html, "activity").index(f'data-entry="{served.pk}"') < section(html, "activity").index(
        f'data-entry="{attended.pk}"')
    assert entries_in(html, "service") == {served.pk, by_staff.pk}  # hours: the activity's and the staff's
    assert 'id="service-hours"' in html


def test_every_section_says_how_it_fills(world):
    html = world.client("director").get(reverse("care:growth-detail", args=[world.student_x.pk])).content.decode()
    kinds = [*GrowthKind.values, "study", "support", "mentors"]
    for kind in kinds:
        how = re.search(r'<p class="[^"]*growth-how[^"]*">([^<]+)</p>', section(html, kind))
        assert how and how.group(1).strip(), kind
    assert html.count("growth-how") == len(kinds)
