"""The selection's workflow through the services: creating and editing the call, nominating, reviewing, each
stage step and its refusals (a clear message, nothing written), who is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from xinhuo.core.models import Notification
from xinhuo.selections import services
from xinhuo.selections.models import Nomination, Review, Selection, SelectionKind, SelectionStep, Stage
from xinhuo.selections.tests import helpers as h


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched in English here; test_messages_are_chinese checks the Chinese."""
    with translation.override("en"):
        yield


def messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def create(w, persona="director", **kw) -> Selection:
    fields = {"kind": SelectionKind.VIRTUE_YOUTH, "title": "2026-2027学年第一学期“美德少年”评选",
              "criteria": h.CRITERIA, "quota": 2, "term": h.term(w), "voting": True}
    return services.selection_create(actor=w.actor(persona), **(fields | kw))


# --- the call --------------------------------------------------------------------------------------------------


def test_the_committee_opens_a_selection_and_the_head_teachers_are_told(world):
    sel = create(world)
    assert sel.stage == Stage.NOMINATING and sel.school_year == world.year
    assert sel.issuer == "薪火实验中学关工委"  # the default issuer printed on the certificates
    step = SelectionStep.objects.get(selection=sel)
    assert (step.from_status, step.to_status, step.by) == ("", Stage.NOMINATING, world.users["director"])
    told = set(Notification.objects.filter(title__contains=sel.title).values_list("recipient__username", flat=True))
    assert {"teacher", "teacher2", "leader"} <= told and "director" not in told and "parent" not in told


def test_a_department_head_runs_selections_too(world):
    sel = services.selection_create(actor=h.depthead(world), kind=SelectionKind.MODEL_PARENT, title="榜样家长评选",
                                    criteria="重视家庭教育", quota=5)
    assert sel.term is None and sel.school_year == world.year


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "elder", "parent_x", "student_x", "admin"])
def test_others_cannot_open_a_selection(world, persona):
    with pytest.raises(Http404):
        create(world, persona)
    assert not Selection.objects.exists()


@pytest.mark.parametrize(("change", "field", "text"), [
    ({"term": None}, "term", "美德少年"),
    ({"quota": 0}, "quota", "1"),
    ({"title": "  "}, "title", "title"),
    ({"criteria": ""}, "criteria", "criteria"),
    ({"kind": "best_student"}, "kind", "Red class"),
    ({"nominate_until": dt.date(2020, 1, 1)}, "nominate_until", "past"),
])
def test_a_bad_call_is_refused_and_nothing_written(world, change, field, text):
    with pytest.raises(ValidationError) as exc:
        create(world, **change)
    assert field in exc.value.message_dict and text in " ".join(exc.value.message_dict[field])
    assert not Selection.objects.exists()


def test_one_virtue_youth_selection_per_term(world):
    first = create(world)
    with pytest.raises(ValidationError) as exc:
        create(world, title="又一个")
    assert "already" in messages(exc)
    services.selection_step(actor=world.actor("director"), selection=first, action="cancel", comment="重来")
    assert create(world, title="重新评选").stage == Stage.NOMINATING


def test_the_call_is_edited_until_the_vote(world):
    sel = create(world)
    director = world.actor("director")
    services.selection_update(actor=director, selection=sel, title="新标题", criteria="新标准", quota=3,
                              term=h.term(world), voting=False)
    sel.refresh_from_db()
    assert (sel.title, sel.quota, sel.voting, sel.kind) == ("新标题", 3, False, SelectionKind.VIRTUE_YOUTH)
    Selection.objects.filter(pk=sel.pk).update(stage=Stage.VOTING)
    with pytest.raises(ValidationError) as exc:
        services.selection_update(actor=director, selection=sel, title="再改", criteria="x", quota=3,
                                  term=h.term(world))
    assert "Voting" in messages(exc)
    sel.refresh_from_db()
    assert sel.title == "新标题"


# --- nominating --------------------------------------------------------------------------------------------------


def test_a_head_teacher_nominates_a_student_of_their_class(world):
    sel = create(world)
    n = services.nomination_add(actor=world.actor("head_teacher_a"), selection=sel, nominee=world.student_x,
                                reason="拾金不昧，主动上交")
    assert (n.name, n.group, n.review, n.nominated_by) == ("张小明", "初一1班", Review.PENDING,
                                                           world.users["head_teacher_a"])


@pytest.mark.parametrize(("kind", "nominee", "ok"), [
    (SelectionKind.VIRTUE_YOUTH, "student_z", False),  # class B
    (SelectionKind.MODEL_PARENT, "guardian_x", True),  # a parent of class A
    (SelectionKind.MODEL_PARENT, "guardian_z", False),
    (SelectionKind.RED_CLASS, "class_a", True),
    (SelectionKind.RED_CLASS, "class_b", False),
])
def test_a_head_teacher_nominates_only_from_their_classes(world, kind, nominee, ok):
    sel = h.selection(world, f"评选{kind}", kind=kind, voting=False)
    call = {"actor": world.actor("head_teacher_a"), "selection": sel, "nominee": getattr(world, nominee),
            "reason": "表现突出"}
    if ok:
        assert services.nomination_add(**call).pk
        return
    with pytest.raises(ValidationError) as exc:
        services.nomination_add(**call)
    assert "your own classes" in messages(exc)
    assert not Nomination.objects.exists()


def test_elders_are_nominated_by_the_committee_only(world):
    sel = h.selection(world, "优秀五老评选", kind=SelectionKind.OUTSTANDING_ELDER, voting=False)
    with pytest.raises(Http404):
        services.nomination_add(actor=world.actor("head_teacher_a"), selection=sel, nominee=world.elder,
                                reason="坚持宣讲")
    n = services.nomination_add(actor=world.actor("leader"), selection=sel, nominee=world.elder,
                                reason="坚持进校园宣讲十年")
    assert (n.name, n.group) == ("周老", "老教师")


@pytest.mark.parametrize("persona", ["elder", "parent_x", "student_x", "counsellor", "outsider"])
def test_others_do_not_nominate(world, persona):
    sel = h.selection(world)
    with pytest.raises(Http404):
        services.nomination_add(actor=world.actor(persona), selection=sel, nominee=world.student_y,
                                reason="好")
    assert not Nomination.objects.exists()


def test_nominations_refused_with_a_reason_and_nothing_written(world):
    sel = h.selection(world)
    director = world.actor("director")
    services.nomination_add(actor=director, selection=sel, nominee=world.student_x, reason="乐于助人")
    cases = [
        ({"nominee": world.student_x}, "already nominated"),
        ({"nominee": world.other_student}, "this school"),
        ({"nominee": world.guardian_x}, "Choose a student"),
        ({"nominee": world.student_y, "reason": " "}, "deeds"),
        ({"nominee": world.student_y, "reason": "好" * 2001}, "2000"),
    ]
    for change, text in cases:
        with pytest.raises(ValidationError) as exc:
            services.nomination_add(**({"actor": director, "selection": sel, "reason": "事迹"} | change))
        assert text in messages(exc), change
    world.student_y.status = "transferred"
    world.student_y.save()
    with pytest.raises(ValidationError, match="no longer enrolled"):
        services.nomination_add(actor=director, selection=sel, nominee=world.student_y, reason="事迹")
    assert Nomination.objects.count() == 1


def test_no_nomination_outside_the_nominating_stage_or_after_its_last_day(world):
    sel = h.selection(world)
    director = world.actor("director")
    Selection.objects.filter(pk=sel.pk).update(nominate_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="Nominations closed on"):
        services.nomination_add(actor=director, selection=sel, nominee=world.student_x, reason="事迹")
    Selection.objects.filter(pk=sel.pk).update(nominate_until=None, stage=Stage.REVIEWING)
    with pytest.raises(ValidationError, match="Nominations are closed"):
        services.nomination_add(actor=director, selection=sel, nominee=world.student_x, reason="事迹")
    assert not Nomination.objects.exists()


# --- review ------------------------------------------------------------------------------------------------------


def test_review_accepts_or_rejects_with_a_reason_and_tells_the_nominator(world):
    n = h.pending_nomination(world)
    director = world.actor("director")
    with pytest.raises(ValidationError) as exc:
        services.nomination_review(actor=director, nomination=n, decision=Review.REJECTED, comment="")
    assert "comment" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.nomination_review(actor=director, nomination=n, decision="maybe")
    n.refresh_from_db()
    assert n.review == Review.PENDING
    services.nomination_review(actor=director, nomination=n, decision=Review.REJECTED, comment="事迹不够具体")
    n.refresh_from_db()
    assert (n.review, n.review_comment, n.reviewed_by) == (Review.REJECTED, "事迹不够具体", world.users["director"])
    note = Notification.objects.get(recipient=world.users["head_teacher_a"], title__contains="张小明")
    assert note.body == "事迹不够具体"
    services.nomination_review(actor=director, nomination=n, decision=Review.ACCEPTED)  # reconsidered in review
    n.refresh_from_db()
    assert n.review == Review.ACCEPTED


def test_nobody_reviews_their_own_nomination(world):
    sel = h.selection(world)
    n = services.nomination_add(actor=world.actor("director"), selection=sel, nominee=world.student_y,
                                reason="事迹")
    with pytest.raises(ValidationError, match="another reviewer"):
        services.nomination_review(actor=world.actor("director"), nomination=n, decision=Review.ACCEPTED)
    n.refresh_from_db()
    assert n.review == Review.PENDING
    services.nomination_review(actor=world.actor("leader"), nomination=n, decision=Review.ACCEPTED)


@pytest.mark.parametrize("persona", ["head_teacher_a", "elder", "parent_x", "outsider"])
def test_only_the_committee_reviews(world, persona):
    with pytest.raises(Http404):
        services.nomination_review(actor=world.actor(persona), nomination=h.pending_nomination(world),
                                   decision=Review.ACCEPTED)


def test_the_review_is_over_once_the_vote_opens(world):
    n = h.voting_candidate(world)
    with pytest.raises(ValidationError, match="review is over"):
        services.nomination_review(actor=world.actor("leader"), nomination=n, decision=Review.REJECTED,
                                   comment="x")


# --- stage steps -------------------------------------------------------------------------------------------------


def step(w, sel, action, persona="director", **kw):
    return services.selection_step(actor=w.actor(persona), selection=sel, action=action, **kw)


def test_the_whole_way_with_a_vote(world):
    sel = create(world)
    ht = world.actor("head_teacher_a")
    a = services.nomination_add(actor=ht, selection=sel, nominee=world.student_x, reason="事迹一")
    b = services.nomination_add(actor=ht, selection=sel, nominee=world.student_y, reason="事迹二")
    step(world, sel, "close_nominations")
    for n in (a, b):
        services.nomination_review(actor=world.actor("director"), nomination=n, decision=Review.ACCEPTED)
    step(world, sel, "open_voting", persona="leader")
    services.vote_cast(actor=world.actor("elder"), selection=sel, nomination=b)
    ends = timezone.localdate() + dt.timedelta(days=5)
    step(world, sel, "publish", publicity_ends=ends)
    sel.refresh_from_db()
    assert (sel.stage, sel.publicity_ends) == (Stage.PUBLICITY, ends)
    ranks = dict(sel.nominations.values_list("name", "rank"))
    assert ranks == {"李小红": 1, "张小明": 2}  # most votes first
    Selection.objects.filter(pk=sel.pk).update(publicity_ends=timezone.localdate() - dt.timedelta(days=1))
    step(world, sel, "award")
    sel.refresh_from_db()
    assert sel.stage == Stage.AWARDED and sel.awarded_on == timezone.localdate()
    stages = list(sel.steps.values_list("from_status", "to_status", "by__username"))
    assert stages == [("", "nominating", "director"), ("nominating", "reviewing", "director"),
                      ("reviewing", "voting", "leader"), ("voting", "publicity", "director"),
                      ("publicity", "awarded", "director")]


def test_without_a_vote_the_review_goes_straight_to_publicity(world):
    sel = h.selection(world, "榜样家长评选", kind=SelectionKind.MODEL_PARENT, voting=False, stage=Stage.REVIEWING)
    h.nominate(world, sel, world.guardian_x, by="head_teacher_a", review=Review.ACCEPTED)
    with pytest.raises(ValidationError, match="no vote"):
        step(world, sel, "open_voting")
    step(world, sel, "publish", publicity_ends=timezone.localdate())
    assert sel.nominations.get().proposed


@pytest.mark.parametrize(("stage", "action", "setup", "text"), [
    (Stage.NOMINATING, "close_nominations", None, "Nobody has been nominated"),
    (Stage.REVIEWING, "open_voting", Review.PENDING, "wait for review"),
    (Stage.REVIEWING, "open_voting", Review.REJECTED, "No nomination has been accepted"),
    (Stage.REVIEWING, "publish", Review.ACCEPTED, "open the voting first"),
    (Stage.NOMINATING, "publish", Review.ACCEPTED, "not possible now"),
    (Stage.NOMINATING, "award", Review.ACCEPTED, "not possible now"),
    (Stage.AWARDED, "cancel", Review.ACCEPTED, "not possible now"),
    (Stage.NOMINATING, "jump", None, "Unknown step"),
])
def test_steps_refused_in_the_wrong_state(world, stage, action, setup, text):
    sel = h.selection(world, stage=stage)
    if setup:
        h.nominate(world, sel, world.student_x, review=setup)
    with pytest.raises(ValidationError) as exc:
        step(world, sel, action, comment="理由", publicity_ends=timezone.localdate())
    assert text in messages(exc)
    sel.refresh_from_db()
    assert sel.stage == stage and sel.steps.count() == 0


def test_publishing_needs_a_last_day_not_in_the_past(world):
    sel = h.voting_selection(world)
    with pytest.raises(ValidationError) as exc:
        step(world, sel, "publish")
    assert "publicity_ends" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        step(world, sel, "publish", publicity_ends=timezone.localdate() - dt.timedelta(days=1))
    assert "past" in messages(exc)
    sel.refresh_from_db()
    assert sel.stage == Stage.VOTING and not sel.nominations.filter(proposed=True).exists()


def test_more_accepted_than_the_quota_without_a_vote_is_refused_at_publication(world):
    sel = h.selection(world, "榜样家长", kind=SelectionKind.MODEL_PARENT, voting=False, stage=Stage.REVIEWING,
                      quota=1)
    h.nominate(world, sel, world.guardian_x, review=Review.ACCEPTED)
    h.nominate(world, sel, world.guardian_z, review=Review.ACCEPTED)
    with pytest.raises(ValidationError, match="the quota is 1"):
        step(world, sel, "publish", publicity_ends=timezone.localdate())
    assert not sel.nominations.filter(proposed=True).exists()


def test_cancelling_needs_a_reason_and_tells_the_nominators(world):
    sel = h.open_selection(world)
    with pytest.raises(ValidationError) as exc:
        step(world, sel, "cancel")
    assert "comment" in exc.value.message_dict
    step(world, sel, "cancel", comment="与上级评选合并")
    sel.refresh_from_db()
    assert sel.stage == Stage.CANCELLED
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"], body="与上级评选合并").exists()


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "elder", "parent_x", "student_x", "admin",
                                     "outsider"])
def test_only_the_committee_moves_the_stage(world, persona):
    sel = h.open_selection(world)
    with pytest.raises(Http404):
        step(world, sel, "close_nominations", persona=persona)
    sel.refresh_from_db()
    assert sel.stage == Stage.NOMINATING


def test_messages_are_chinese(world):
    sel = h.voting_selection(world)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        step(world, sel, "award")
    assert "投票" in messages(exc)


def test_a_department_head_nominates_from_any_class(world):
    # the department head holds selections.nominate through their own role (not only through manage)
    sel = create(world)
    depthead = h.depthead(world)
    for student in (world.student_x, world.student_z):
        n = services.nomination_add(actor=depthead, selection=sel, nominee=student, reason="乐于助人，热心集体")
        assert (n.name, n.nominated_by, n.review) == (student.name, depthead.user, Review.PENDING)
    assert Nomination.objects.filter(selection=sel, nominated_by=depthead.user).count() == 2
