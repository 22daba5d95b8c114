"""The clubs' part of the year's rollover (clubs/rollover.py) and of a student leaving (clubs/leaving.py):
graduates' memberships end, each active club's advisor is asked to renew the members; undo restores exactly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _

from conftest import make_student
from xinhuo.clubs import rollover
from xinhuo.clubs.leaving import students_left
from xinhuo.clubs.models import ClubMembership, ClubStatus, MembershipStatus
from xinhuo.core.models import Notification
from xinhuo.core.registry import YearTurn, student_left_hooks

from .helpers import a_club, a_member

MS = MembershipStatus
OLD_END = dt.date(2027, 7, 15)


def turn(world, graduating=(), promoted=(), school=None) -> YearTurn:
    return YearTurn(school_id=(school or world.school).pk, old_year_id=world.year.pk, new_year_id=None,
                    old_end=OLD_END, new_start=dt.date(2027, 9, 1), new_end=dt.date(2028, 7, 15),
                    graduating=frozenset(s.pk for s in graduating), promoted=frozenset(s.pk for s in promoted),
                    repeating=frozenset(), actor_user_id=world.users["director"].pk, run="r1")


def rows() -> dict:
    return {model.__name__: {o.pk: model_to_dict(o) for o in model.objects.all()}
            for model in (ClubMembership, Notification)}


@pytest.fixture
def scene(world):
    """书法社 (the elder advises) and 科技社 (a teacher advises) are active, 旧社 closed, 新社 asked for; x
    graduates: a member of two clubs, asking to join a third; y stays; another school's club alike."""
    w = world
    calli = a_club(w, "书法社")
    tech = a_club(w, "科技社", user=w.users["head_teacher_b"])
    closed = a_club(w, "旧社", status=ClubStatus.CLOSED, user=w.users["counsellor"])
    a_club(w, "新社", status=ClubStatus.REQUESTED, user=w.users["leader"])
    other = a_club(w, "外校社", school=w.other, elder=False, user=w.users["outsider"])
    left_before = a_member(tech, w.student_x, MS.LEFT)
    ClubMembership.objects.filter(pk=left_before.pk).update(left_at=timezone.now() - dt.timedelta(days=90))
    return {
        "calli": calli, "tech": tech, "closed": closed, "other": other,
        "x_calli": a_member(calli, w.student_x, role="leader"), "x_tech": a_member(tech, w.student_x),
        "x_asks": a_member(a_club(w, "围棋社", user=w.users["head_teacher_a"]), w.student_x, MS.REQUESTED),
        "y_calli": a_member(calli, w.student_y), "x_left_before": left_before,
        "other_member": a_member(other, w.other_student),
    }


def test_preview_writes_nothing_and_counts_what_apply_changes(world, scene):
    t = turn(world, [world.student_x], [world.student_y])
    before = rows()
    left_before = ClubMembership.objects.get(pk=scene["x_left_before"].pk).left_at
    lines = rollover.preview(t)
    assert rows() == before
    ended, renew = lines
    assert (ended.count, ended.action) == (3, True)
    assert set(ended.details) == {"书法社: 1", "科技社: 1", "围棋社: 1"}
    assert (renew.count, set(renew.details)) == (3, {"书法社", "科技社", "围棋社"})

    data = rollover.apply(t)
    assert len(data["memberships"]) == ended.count
    assert len(data["notices"]) == renew.count
    fresh = {k: ClubMembership.objects.get(pk=scene[k].pk) for k in ("x_calli", "x_tech", "x_asks", "y_calli",
                                                                     "x_left_before", "other_member")}
    assert (fresh["x_calli"].status, timezone.localdate(fresh["x_calli"].left_at)) == (MS.LEFT, OLD_END)
    assert fresh["x_tech"].status == MS.LEFT
    assert (fresh["x_asks"].status, fresh["x_asks"].left_at) == (MS.DECLINED, None)
    assert fresh["y_calli"].status == MS.ACTIVE and fresh["y_calli"].left_at is None
    assert (fresh["x_left_before"].status, fresh["x_left_before"].left_at) == (MS.LEFT, left_before)
    assert fresh["other_member"].status == MS.ACTIVE


def test_each_active_clubs_advisor_is_asked_to_renew_with_a_link(world, scene):
    data = rollover.apply(turn(world, [world.student_x], [world.student_y]))
    notices = {n.recipient_id: n for n in Notification.objects.filter(pk__in=data["notices"])}
    assert set(notices) == {world.users["elder"].pk, world.users["head_teacher_b"].pk,
                            world.users["head_teacher_a"].pk}
    calli = notices[world.users["elder"].pk]
    assert calli.link == f"/clubs/{scene['calli'].pk}/members/"
    assert calli.title == _("Renew the members of %(club)s for the new school year") % {"club": "书法社"}
    assert calli.body == _("The new school year starts on %(date)s. %(club)s has %(n)d members: keep those who go "
                           "on, remove the others, and accept new requests to join.") % {
        "date": "2027-09-01", "club": "书法社", "n": 1}  # y is the one member left
    # the closed club's and the requested club's advisors and the other school hear nothing
    assert not Notification.objects.filter(recipient__in=[world.users["counsellor"], world.users["leader"],
                                                          world.users["outsider"]]).exists()


def test_undo_restores_exactly(world, scene):
    """From what apply returned as the rollover keeps it (JSON)."""
    t = turn(world, [world.student_x], [world.student_y])
    before = rows()
    data = rollover.apply(t)
    assert rows() != before
    rollover.undo(t, json.loads(json.dumps(data)))
    assert rows() == before


def test_no_graduates_still_asks_the_advisors(world, scene):
    lines = rollover.preview(turn(world, [], [world.student_x, world.student_y]))
    assert [str(line.title) for line in lines] == [
        _("Club advisors are asked to renew their members for the new year")]


def test_a_constant_number_of_queries_for_the_memberships(world, scene):
    club = scene["calli"]
    counts = []
    for n, prefix in ((2, "A"), (8, "B")):
        students = [make_student(world.school, world.class_b, f"{prefix}{i:03d}", f"学生{prefix}{i}",
                                 seq=300 + i + (0 if prefix == "A" else 50)) for i in range(n)]
        for s in students:
            a_member(club, s)
        with CaptureQueriesContext(connection) as ctx:
            data = rollover.apply(turn(world, students))
        assert len(data["memberships"]) == n
        counts.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            students_left(world.school.pk, [s.pk for s in students], OLD_END, "", None)
        assert len(ctx) <= 2  # nothing left open: the count only
    assert counts[0] == counts[1]


def test_leaving_ends_only_the_given_students_memberships(world, scene):
    assert ("clubs", students_left) in student_left_hooks()
    on = dt.date(2027, 3, 3)
    lines = students_left(world.school.pk, [world.student_x.pk, world.other_student.pk], on, "转学", None)
    [line] = lines
    assert (line.count, line.action) == (3, True)
    assert ClubMembership.objects.get(pk=scene["x_calli"].pk).status == MS.LEFT
    assert timezone.localdate(ClubMembership.objects.get(pk=scene["x_tech"].pk).left_at) == on
    assert ClubMembership.objects.get(pk=scene["x_asks"].pk).status == MS.DECLINED
    assert ClubMembership.objects.get(pk=scene["y_calli"].pk).status == MS.ACTIVE
    assert ClubMembership.objects.get(pk=scene["other_member"].pk).status == MS.ACTIVE
    assert students_left(world.school.pk, [world.student_x.pk], on, "", None) == []


def test_undo_of_nothing_kept_changes_nothing(world, scene):
    before = rows()
    rollover.undo(turn(world, [world.student_x]), None)
    assert rows() == before
