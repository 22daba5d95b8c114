"""The demo school's parent volunteers: about sixty offers, requests for the sports meetings, an open day and a
trip, hours credited only for duties past; the README's parent volunteers and has an invitation to answer; the open
days take the parents' own sign-up and the parent meetings are activities of their kind."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityKind
from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.family.models import ResponseStatus, VolunteerOffer, VolunteerRequest, VolunteerResponse
from xinhuo.family.volunteers import selectors


@pytest.mark.django_db
def test_the_demo_volunteers():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    school = director.school
    assert 55 <= VolunteerOffer.objects.filter(school=school).count() <= 65
    assert VolunteerOffer.objects.filter(school=school).exclude(skills="").count() > 40
    now = timezone.now()
    requests = list(VolunteerRequest.objects.filter(school=school).select_related("activity"))
    titles = {r.activity.title for r in requests}
    assert {"秋季田径运动会", "冬季趣味运动会"} <= titles and any(t.startswith("家长开放日") for t in titles)
    for r in requests:
        accepted = r.responses.filter(status=ResponseStatus.ACCEPTED).count()
        assert accepted <= r.needed, r
        credited = r.responses.filter(served=True)
        if r.ends_at > now:  # hours only for duties past
            assert not credited.exists() and r.hours_confirmed_at is None
        else:
            assert credited.count() == accepted and all(x.hours == r.duration_hours for x in credited)
    assert selectors.hours_panel(director)["hours"] > 0

    parent = build_actor(User.objects.get(username="parent"))
    assert selectors.my_offer(parent) is not None and selectors.my_offer(parent).active
    waiting = selectors.invitations_panel(parent)["waiting"]
    assert [r.request.activity.title for r in waiting] == ["冬季趣味运动会"]
    assert VolunteerResponse.objects.filter(guardian_id=parent.guardian_id).count() == 1

    meetings = Activity.objects.filter(school=school, kind=ActivityKind.PARENT_MEETING)
    assert meetings.count() == 2
    upcoming_days = Activity.objects.filter(school=school, kind=ActivityKind.PARENT_DAY, starts_at__gt=now,
                                            status="approved")
    assert upcoming_days.exists() and all(a.signup_open for a in upcoming_days)
