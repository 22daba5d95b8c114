"""The care app's part of the year's rollover (care/rollover.py): graduates' pairs end and their mentors are asked
for a closing summary, graduates' tags close, the others' tags keep their review dates, graduates' follow-up items
are listed; the preview counts what apply changes, and undo restores the rows exactly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from conftest import make_student, make_user
from xinhuo.care import rollover
from xinhuo.care.groups import services as group_services
from xinhuo.care.models import (
    FollowUp,
    HomeVisit,
    MentoringPair,
    SpecialGroup,
    StudentTag,
    TagStatus,
    TagStatusChange,
    VisitDue,
)
from xinhuo.core.models import Notification, Role
from xinhuo.core.registry import YearTurn
from xinhuo.core.tests.helpers import days
from xinhuo.elders.models import Elder

from .mentoring_helpers import elder_mentor, pair, peer_mentor, teacher_mentor, volunteer

OLD_END = dt.date(2027, 7, 15)


def turn(world, graduating=(), promoted=(), repeating=(), school=None, actor="director") -> YearTurn:
    return YearTurn(school_id=(school or world.school).pk, old_year_id=world.year.pk, new_year_id=None,
                    old_end=OLD_END, new_start=dt.date(2027, 9, 1), new_end=dt.date(2028, 7, 15),
                    graduating=frozenset(s.pk for s in graduating), promoted=frozenset(s.pk for s in promoted),
                    repeating=frozenset(s.pk for s in repeating), actor_user_id=world.users[actor].pk, run="r1")


def group(world, code) -> SpecialGroup:
    group_services.special_groups_for(world.school)
    return SpecialGroup.objects.get(school=world.school, code=code)


def tag(world, student, code="left_behind", status=TagStatus.IDENTIFIED, school=None) -> StudentTag:
    school = school or world.school
    grp = group(world, code) if school == world.school else SpecialGroup.objects.get_or_create(
        school=school, code=code, defaults={"name": code})[0]
    return StudentTag.objects.create(school=school, student=student, group=grp, source="head_teacher",
                                     identified_on=days(-10), review_on=days(90), status=status)


def follow_up(world, student, owner) -> FollowUp:
    visit = HomeVisit.objects.create(school=student.school, student=student, visited_on=days(-3), way="home",
                                     visitor_kinds=["head_teacher"], visitors="陈老师")
    return FollowUp.objects.create(school=student.school, home_visit=visit, student=student, text="联系心理老师",
                                   owner=owner)


def rows() -> dict:
    """Every row the rollover may touch, field by field."""
    return {model.__name__: {o.pk: model_to_dict(o) for o in model.objects.all()}
            for model in (MentoringPair, StudentTag, TagStatusChange, VisitDue, FollowUp, Notification)}


@pytest.fixture
def scene(world):
    """x graduates, y and z move up. x has an elder, a teacher and a volunteer mentor and mentors z as a peer;
    y has the elder too. x has two open tags, y one; x a follow-up item. Another school's student alike."""
    w = world
    elder, teacher, vol = elder_mentor(w, max_mentees=5), teacher_mentor(w, w.staff_a), volunteer(w)
    peer = peer_mentor(w, w.student_x)
    s = {
        "x_elder": pair(w, elder, w.student_x), "x_teacher": pair(w, teacher, w.student_x),
        "x_vol": pair(w, vol, w.student_x), "x_peer_of_z": pair(w, peer, w.student_z),
        "y_elder": pair(w, elder, w.student_y), "x_old": pair(w, elder, w.student_x, ended=True),
        "x_tag1": tag(w, w.student_x), "x_tag2": tag(w, w.student_x, "low_income", TagStatus.SUPPORTED),
        "y_tag": tag(w, w.student_y), "z_tag": tag(w, w.student_z, "disability", TagStatus.IMPROVING),
        "x_follow": follow_up(w, w.student_x, w.users["counsellor"]),
        "y_follow": follow_up(w, w.student_y, w.users["counsellor"]),
        "other_tag": tag(w, w.other_student, school=w.other),
    }
    MentoringPair.objects.filter(pk=s["x_old"].pk).update(summary="已结束的结对")  # ended with its summary
    return s


def test_preview_writes_nothing_and_counts_what_apply_changes(world, scene):
    t = turn(world, [world.student_x], [world.student_y, world.student_z])
    before = rows()
    lines = rollover.preview(t)
    assert rows() == before
    assert [(line.count, line.action) for line in lines] == [(4, True), (2, True), (2, False), (1, False)]
    assert lines[3].details == ("counsellor: 1",)  # the follow-up items' owners

    data = rollover.apply(t)
    assert len(data["pairs"]) == lines[0].count
    assert len(data["tags"]) == lines[1].count
    # the others' tags keep their review dates and status; the follow-up items stay open
    for key in ("y_tag", "z_tag"):
        fresh = StudentTag.objects.get(pk=scene[key].pk)
        assert (fresh.status, fresh.review_on) == (scene[key].status, scene[key].review_on)
    assert FollowUp.objects.get(pk=scene["x_follow"].pk).status == "open"
    # nothing to do the next time: the preview of the same turn is empty of actions
    assert [line.action for line in rollover.preview(t)] == [False, False]


def test_apply_ends_graduates_pairs_on_the_last_day_and_asks_their_mentors(world, scene):
    t = turn(world, [world.student_x], [world.student_y, world.student_z])
    data = rollover.apply(t)
    ended = {k for k in ("x_elder", "x_teacher", "x_vol", "x_peer_of_z", "y_elder")
             if MentoringPair.objects.get(pk=scene[k].pk).ended_on is not None}
    assert ended == {"x_elder", "x_teacher", "x_vol", "x_peer_of_z"}
    assert set(data["pairs"]) == {scene[k].pk for k in ended}
    for k in ended:
        p = MentoringPair.objects.get(pk=scene[k].pk)
        assert (p.ended_on, p.summary) == (OLD_END, "")
    # the elder and the teacher have accounts (the peer, x, has one too); the volunteer has none
    notices = Notification.objects.filter(pk__in=data["notices"])
    assert {n.recipient_id for n in notices} == {world.users["elder"].pk, world.users["head_teacher_a"].pk,
                                                 world.users["student_x"].pk}
    assert all(n.link == "/care/mentees/" for n in notices)
    assert not Notification.objects.exclude(pk__in=data["notices"]).filter(
        recipient__in=[world.users["director"], world.users["student_y"]]).exists()


def test_apply_closes_graduates_tags_with_a_step_by_the_actor(world, scene):
    t = turn(world, [world.student_x], [world.student_y, world.student_z])
    data = rollover.apply(t)
    for key, was in (("x_tag1", TagStatus.IDENTIFIED), ("x_tag2", TagStatus.SUPPORTED)):
        fresh = StudentTag.objects.get(pk=scene[key].pk)
        assert fresh.status == TagStatus.CLOSED and fresh.review_on == scene[key].review_on
        step = fresh.history.get()
        assert (step.from_status, step.to_status, step.by_id) == (was, TagStatus.CLOSED, world.users["director"].pk)
        assert step.comment == rollover.graduated_comment()
    assert sorted(data["tags"]) == sorted([[scene["x_tag1"].pk, "identified"], [scene["x_tag2"].pk, "supported"]])
    assert StudentTag.objects.get(pk=scene["other_tag"].pk).status == TagStatus.IDENTIFIED
    # x no longer tiered by a group in the home-visit due dates; y still is
    assert VisitDue.objects.get(student=world.student_x).group_id is None
    assert VisitDue.objects.get(student=world.student_y).group_id == scene["y_tag"].group_id


def test_undo_restores_every_row_exactly(world, scene):
    """From what apply returned as the rollover keeps it (JSON)."""
    t = turn(world, [world.student_x], [world.student_y, world.student_z])
    before = rows()
    data = rollover.apply(t)
    assert rows() != before
    rollover.undo(t, json.loads(json.dumps(data)))
    after = rows()
    for name in before:  # VisitDue too: recomputed, the same values (on the same day)
        assert after[name] == before[name], name


def test_another_schools_students_are_untouched(world, scene):
    """The graduating ids are read within the turn's school: another school's student named there changes
    nothing."""
    other_pair = pair(world, volunteer(world, "外校志愿"), world.other_student)
    MentoringPair.objects.filter(pk=other_pair.pk).update(school=world.other)
    t = turn(world, [world.other_student])
    assert rollover.preview(t) == []
    assert rollover.apply(t) == {"pairs": [], "notices": [], "tags": [], "steps": []}
    assert MentoringPair.objects.get(pk=other_pair.pk).ended_on is None
    assert StudentTag.objects.get(pk=scene["other_tag"].pk).status == TagStatus.IDENTIFIED


def test_a_pair_started_after_the_last_day_ends_on_its_first_day(world):
    p = pair(world, volunteer(world), world.student_x)
    MentoringPair.objects.filter(pk=p.pk).update(started_on=OLD_END + dt.timedelta(days=3))
    rollover.apply(turn(world, [world.student_x]))
    assert MentoringPair.objects.get(pk=p.pk).ended_on == OLD_END + dt.timedelta(days=3)


def _graduates(world, n: int, tag_prefix: str) -> list:
    out = []
    for i in range(n):
        student = make_student(world.school, world.class_b, f"{tag_prefix}{i:03d}", f"学生{tag_prefix}{i}",
                               seq=200 + i + (0 if tag_prefix == "A" else 50))
        user = make_user(f"elder{tag_prefix}{i}", world.school, Role.ELDER)
        elder = Elder.objects.create(school=world.school, name=f"老{tag_prefix}{i}", gender="M",
                                     category=Elder.Category.TEACHER, user=user)
        pair(world, elder_mentor(world, elder), student)
        tag(world, student)
        tag(world, student, "low_income", TagStatus.SUPPORTED)
        follow_up(world, student, user)
        out.append(student)
    return out


def test_a_constant_number_of_queries_whatever_the_number_of_graduates(world):
    few, many = _graduates(world, 2, "A"), _graduates(world, 7, "B")
    counts = []
    for students in (few, many):
        t = turn(world, students)
        with CaptureQueriesContext(connection) as previewed:
            rollover.preview(t)
        with CaptureQueriesContext(connection) as applied:
            data = rollover.apply(t)
        with CaptureQueriesContext(connection) as undone:
            rollover.undo(t, data)
        assert len(data["pairs"]) == len(students) and len(data["notices"]) == len(students)
        counts.append((len(previewed), len(applied), len(undone)))
    assert counts[0] == counts[1]
    assert counts[1][1] <= 30


# --- the closing summary the graduates' mentors are asked for --------------------------------------------------------


def test_a_pair_ended_by_the_rollover_is_on_its_mentors_to_do_until_summed_up(world, scene):
    from django.urls import reverse

    rollover.apply(turn(world, [world.student_x], [world.student_y, world.student_z]))
    elder = world.client("elder")
    page = elder.get(reverse("care:mentees")).content.decode()
    x_pair = scene["x_elder"]
    assert 'id="summaries-due"' in page and f'data-pair="{x_pair.pk}"' in page
    assert reverse("care:pair-summary", args=[x_pair.pk]) in page
    # y's pair is open: a mentee card, not a summary to write
    assert f'summary-due" data-pair="{scene["y_elder"].pk}"' not in page

    r = elder.post(reverse("care:pair-summary", args=[x_pair.pk]), {"summary": ""})
    assert r.status_code == 400 and MentoringPair.objects.get(pk=x_pair.pk).summary == ""
    r = elder.post(reverse("care:pair-summary", args=[x_pair.pk]), {"summary": "三年来成绩稳步提高，已顺利毕业。"})
    assert r.status_code == 302 and r["Location"] == reverse("care:mentees")
    assert MentoringPair.objects.get(pk=x_pair.pk).summary == "三年来成绩稳步提高，已顺利毕业。"
    assert 'id="summaries-due"' not in elder.get(reverse("care:mentees")).content.decode()
    # summed up: no second write
    assert elder.get(reverse("care:pair-summary", args=[x_pair.pk])).status_code == 404


def test_the_summary_is_written_by_the_pairs_mentor_or_a_manager_only(world, scene):
    from django.core.exceptions import ValidationError
    from django.http import Http404
    from django.urls import reverse

    from xinhuo.care.mentoring import services

    rollover.apply(turn(world, [world.student_x]))
    teacher_pair = scene["x_teacher"]  # head_teacher_a mentors x as a teacher; the elder does not
    assert world.client("elder").get(reverse("care:pair-summary", args=[teacher_pair.pk])).status_code == 404
    assert world.client("head_teacher_b").get(reverse("care:pair-summary",
                                                      args=[teacher_pair.pk])).status_code == 404
    with pytest.raises(Http404):
        services.pair_summary_write(actor=world.actor("elder"), pair=teacher_pair, summary="总结")
    r = world.client("counsellor").post(reverse("care:pair-summary", args=[teacher_pair.pk]), {"summary": "总结"})
    assert r.status_code == 302 and r["Location"] == reverse("care:pair-detail", args=[teacher_pair.pk])
    # an open pair has no summary to write yet
    with pytest.raises(ValidationError):
        services.pair_summary_write(actor=world.actor("director"), pair=scene["y_elder"], summary="总结")
    assert MentoringPair.objects.get(pk=scene["y_elder"].pk).summary == ""


def test_undo_of_nothing_kept_changes_nothing(world, scene):
    before = rows()
    rollover.undo(turn(world, [world.student_x]), None)
    assert rows() == before


def test_the_pair_page_offers_the_summary_to_a_manager_until_written(world, scene):
    from django.urls import reverse

    rollover.apply(turn(world, [world.student_x]))
    url = reverse("care:pair-detail", args=[scene["x_vol"].pk])  # a volunteer's pair: the committee sums it up
    summary_url = reverse("care:pair-summary", args=[scene["x_vol"].pk])
    counsellor = world.client("counsellor")
    assert summary_url in counsellor.get(url).content.decode()
    assert summary_url not in world.client("head_teacher_a").get(url).content.decode()  # sees the pair, no more
    counsellor.post(summary_url, {"summary": "志愿者陪伴一年，学生学习习惯改善。"})
    assert summary_url not in counsellor.get(url).content.decode()
