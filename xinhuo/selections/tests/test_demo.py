"""The demo builder: a 美德少年 selection in its voting stage and an awarded 优秀五老, consistent with the rules."""

from __future__ import annotations

from django.utils import timezone

from xinhuo.selections.demo import build_selections
from xinhuo.selections.models import Nomination, Review, Selection, SelectionKind, Stage, Vote


def test_the_demo_builds_a_vote_and_an_award(world):
    build_selections(world.school, timezone.localdate(), world.users["director"])
    virtue = Selection.objects.get(kind=SelectionKind.VIRTUE_YOUTH)
    assert virtue.stage == Stage.VOTING and virtue.voting and virtue.term is not None
    assert virtue.nominations.filter(review=Review.ACCEPTED).exists()
    assert not virtue.nominations.filter(review=Review.PENDING).exists()  # the review is over before the vote
    assert all(v.nomination.review == Review.ACCEPTED for v in Vote.objects.select_related("nomination"))
    elders = Selection.objects.get(kind=SelectionKind.OUTSTANDING_ELDER)
    assert elders.stage == Stage.AWARDED
    winners = Nomination.objects.filter(selection=elders, awarded_at__isnull=False)
    assert winners.count() == 1 and winners.get().group == "老教师" and winners.get().certificate_no
    assert list(virtue.steps.values_list("to_status", flat=True)) == ["nominating", "reviewing", "voting"]
    # the demo family can open the ballot and vote
    response = world.client("student_x").get(f"/selections/{virtue.pk}/")
    assert response.status_code == 200
