"""The vote: one vote per voter per selection (a second one refused with a message, nothing written), accepted
candidates only, while the vote is open; who may vote; the counts and the ranking they give at publication."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation

from conftest import make_user
from xinhuo.core.access import build_actor
from xinhuo.core.models import Role
from xinhuo.selections import selectors, services
from xinhuo.selections.models import Review, SelectionKind, Stage, Vote
from xinhuo.selections.tests import helpers as h


def cast(w, persona, nomination, sel=None):
    return services.vote_cast(actor=w.actor(persona), selection=sel or nomination.selection,
                              nomination=nomination)


def voters(w, n: int) -> list:
    """n more staff accounts that may vote."""
    out = []
    for i in range(n):
        user = make_user(f"voter{i}", w.school, Role.COUNSELLOR)
        out.append(build_actor(user))
    return out


def test_several_voters_are_counted_per_nomination(world):
    sel = h.voting_selection(world)
    x = sel.nominations.get(student=world.student_x)
    z = sel.nominations.get(student=world.student_z)
    for persona in ("director", "leader", "elder", "student_y"):
        cast(world, persona, z)
    for persona in ("head_teacher_a", "student_x"):
        cast(world, persona, x)
    counts = {n.name: n.vote_count for n in selectors.nominations(world.actor("director"), sel)}
    assert counts == {"张小明": 2, "王小刚": 4}
    assert selectors.counts(world.actor("director"), sel) == {"voters": 6}
    assert selectors.my_vote(world.actor("elder"), sel) == z.pk


def test_a_double_vote_is_refused_with_a_message_and_nothing_written(world):
    sel = h.voting_selection(world)
    x = sel.nominations.get(student=world.student_x)
    z = sel.nominations.get(student=world.student_z)
    first = cast(world, "elder", x)
    for target in (x, z):
        with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
            cast(world, "elder", target)
        assert "你已投过票" in " ".join(exc.value.messages)
    assert list(Vote.objects.values_list("pk", "nomination_id")) == [(first.pk, x.pk)]


def test_the_database_holds_one_vote_per_voter_even_past_the_service(world):
    sel = h.voting_selection(world)
    x = sel.nominations.get(student=world.student_x)
    Vote.objects.create(selection=sel, nomination=x, voter=world.users["elder"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(selection=sel, nomination=x, voter=world.users["elder"])
    assert Vote.objects.count() == 1


@pytest.mark.parametrize("review", [Review.PENDING, Review.REJECTED])
def test_only_accepted_nominations_stand(world, review):
    sel = h.voting_selection(world)
    other = h.nominate(world, sel, world.student_y, review=review)
    with pytest.raises(ValidationError, match="accepted"), translation.override("en"):
        cast(world, "elder", other)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("stage", [Stage.NOMINATING, Stage.REVIEWING, Stage.PUBLICITY, Stage.AWARDED,
                                   Stage.CANCELLED])
def test_no_vote_outside_the_voting_stage(world, stage):
    sel = h.voting_selection(world)
    type(sel).objects.filter(pk=sel.pk).update(stage=stage)
    with translation.override("en"), pytest.raises(ValidationError, match="Voting is not open"):
        cast(world, "elder", sel.nominations.first())
    assert not Vote.objects.exists()


def test_a_nomination_of_another_selection_is_not_found(world):
    sel = h.voting_selection(world)
    other = h.selection(world, "另一个投票", stage=Stage.VOTING)
    foreign = h.nominate(world, other, world.student_y, review=Review.ACCEPTED)
    with pytest.raises(Http404):
        cast(world, "elder", foreign, sel=sel)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("persona", ["parent_x", "admin", "outsider"])
def test_parents_the_administrator_and_other_schools_do_not_vote(world, persona):
    with pytest.raises(Http404):
        cast(world, persona, h.voting_candidate(world))
    assert not Vote.objects.exists()


def test_students_vote_for_their_peers_only(world):
    parents = h.selection(world, "榜样家长·投票", kind=SelectionKind.MODEL_PARENT, stage=Stage.VOTING)
    g = h.nominate(world, parents, world.guardian_x, review=Review.ACCEPTED)
    with pytest.raises(Http404):
        cast(world, "student_x", g)
    cast(world, "elder", g)
    classes = h.selection(world, "红色班级·投票", kind=SelectionKind.RED_CLASS, stage=Stage.VOTING)
    cast(world, "student_y", h.nominate(world, classes, world.class_b, review=Review.ACCEPTED))
    assert Vote.objects.count() == 2


def test_a_selection_without_a_vote_takes_no_vote(world):
    sel = h.selection(world, "不投票", voting=False, stage=Stage.VOTING)
    n = h.nominate(world, sel, world.student_x, review=Review.ACCEPTED)
    with pytest.raises(Http404):
        cast(world, "elder", n)


def test_publication_ranks_by_votes_and_keeps_to_the_quota(world):
    sel = h.selection(world, "三人争两席", stage=Stage.VOTING, quota=2)
    x = h.nominate(world, sel, world.student_x, review=Review.ACCEPTED)
    y = h.nominate(world, sel, world.student_y, review=Review.ACCEPTED)
    z = h.nominate(world, sel, world.student_z, review=Review.ACCEPTED)
    extra = voters(world, 3)
    for voter, target in zip(extra, (z, z, y), strict=True):
        services.vote_cast(actor=voter, selection=sel, nomination=target)
    cast(world, "elder", y)
    cast(world, "leader", y)
    cast(world, "student_x", x)
    services.selection_step(actor=world.actor("director"), selection=sel, action="publish",
                            publicity_ends=timezone.localdate())
    ranked = list(sel.nominations.order_by("pk").values_list("name", "proposed", "rank"))
    assert ranked == [("张小明", False, None), ("李小红", True, 1), ("王小刚", True, 2)]


def test_a_tie_for_the_last_place_keeps_the_vote_open(world):
    sel = h.selection(world, "同票", stage=Stage.VOTING, quota=1)
    x = h.nominate(world, sel, world.student_x, review=Review.ACCEPTED)
    y = h.nominate(world, sel, world.student_y, review=Review.ACCEPTED)
    cast(world, "elder", x)
    cast(world, "leader", y)
    director = world.actor("director")
    with translation.override("en"), pytest.raises(ValidationError, match="A tie for the last place"):
        services.selection_step(actor=director, selection=sel, action="publish",
                                publicity_ends=timezone.localdate())
    sel.refresh_from_db()
    assert sel.stage == Stage.VOTING and not sel.nominations.filter(proposed=True).exists()
    cast(world, "counsellor", y)  # the vote goes on and decides it
    services.selection_step(actor=director, selection=sel, action="publish", publicity_ends=timezone.localdate())
    assert list(sel.nominations.filter(proposed=True).values_list("name", flat=True)) == ["李小红"]


def test_counts_are_hidden_during_the_vote_except_from_the_committee_and_public_after(world):
    sel = h.voting_selection(world)
    cast(world, "elder", sel.nominations.get(student=world.student_x))
    assert selectors.counts(world.actor("elder"), sel) is None
    assert selectors.counts(world.actor("leader"), sel) == {"voters": 1}
    type(sel).objects.filter(pk=sel.pk).update(stage=Stage.PUBLICITY)
    sel.refresh_from_db()
    assert selectors.counts(world.actor("parent_x"), sel) == {"voters": 1}
