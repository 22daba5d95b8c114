"""Scoring of the standard scales at every band boundary, the alert items whatever the total, and a configured
scale with reverse-scored items and subscales (scales.score)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinhuo.wellbeing.scales import (
    GAD7,
    PHQ9,
    PHQA,
    AnswerError,
    BandSpec,
    ItemSpec,
    OptionSpec,
    Risk,
    ScaleSpec,
    score,
    spec_problems,
)


def answers_totalling(spec: ScaleSpec, total: int, *, keep: dict[int, int] | None = None) -> dict[int, int]:
    """Answers of `spec` whose scored items sum to `total`, filled from the first item, alert items at 0 unless
    kept; unscored items answer 0."""
    answers = {i.number: 0 for i in spec.items}
    answers.update(keep or {})
    left = total - sum(answers[i.number] for i in spec.items if i.scored)
    for item in spec.items:
        if not item.scored or item.alert_at is not None or item.number in (keep or {}):
            continue
        step = min(left, 3)
        answers[item.number] += step
        left -= step
    assert left == 0, "the total cannot be reached without the alert items"
    return answers


PHQ_BOUNDARIES = [(0, "无或极轻微"), (4, "无或极轻微"), (5, "轻度"), (9, "轻度"), (10, "中度"), (14, "中度"),
                  (15, "中重度"), (19, "中重度"), (20, "重度"), (24, "重度")]


@pytest.mark.parametrize("spec", [PHQ9, PHQA], ids=["PHQ-9", "PHQ-A"])
@pytest.mark.parametrize(("total", "band"), PHQ_BOUNDARIES)
def test_phq_bands_at_every_boundary(spec, total, band):
    result = score(spec, answers_totalling(spec, total))
    assert (result.total, result.band.label, result.alert) == (total, band, False)


@pytest.mark.parametrize("spec", [PHQ9, PHQA], ids=["PHQ-9", "PHQ-A"])
def test_phq_top_of_the_scale_is_27_and_severe_with_an_alert(spec):
    answers = {i.number: 3 if i.scored else 0 for i in spec.items}
    result = score(spec, answers)
    assert (result.total, result.band.label, result.alert_items, result.risk) == (27, "重度", (9,), Risk.CRISIS)


@pytest.mark.parametrize(("total", "band", "risk"), [
    (0, "无或极轻微", Risk.NONE), (4, "无或极轻微", Risk.NONE), (5, "轻度", Risk.NONE), (9, "轻度", Risk.NONE),
    (10, "中度", Risk.ATTENTION), (14, "中度", Risk.ATTENTION), (15, "重度", Risk.WARNING),
    (21, "重度", Risk.WARNING)])
def test_gad7_bands_and_risk_at_every_boundary(total, band, risk):
    result = score(GAD7, answers_totalling(GAD7, total))
    assert (result.total, result.band.label, result.risk, result.alert) == (total, band, risk, False)


@pytest.mark.parametrize(("total", "risk"), [(0, Risk.NONE), (9, Risk.NONE), (10, Risk.ATTENTION),
                                             (14, Risk.ATTENTION), (15, Risk.WARNING), (24, Risk.WARNING)])
def test_phq_risk_levels_follow_the_bands(total, risk):
    assert score(PHQ9, answers_totalling(PHQ9, total)).risk == risk  # 24: the most without item 9


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item_9_is_an_alert_whatever_the_total(item9):
    result = score(PHQ9, answers_totalling(PHQ9, item9, keep={9: item9}))
    assert result.total == item9 and result.band.label == "无或极轻微"
    assert result.alert_items == (9,) and result.risk == Risk.CRISIS


@pytest.mark.parametrize("item", [12, 13])
def test_phqa_a_yes_to_suicidal_thoughts_or_an_attempt_is_an_alert_with_a_total_of_0(item):
    result = score(PHQA, answers_totalling(PHQA, 0, keep={item: 1}))
    assert result.total == 0 and result.alert_items == (item,) and result.risk == Risk.CRISIS


def test_phqa_unscored_questions_do_not_change_the_total():
    result = score(PHQA, answers_totalling(PHQA, 7, keep={10: 1, 11: 3}))
    assert result.total == 7 and result.band.label == "轻度" and not result.alert


@given(st.data())
def test_any_phqa_answers_score_their_sum_in_its_band(data):
    answers = {i.number: data.draw(st.sampled_from([o.score for o in PHQA.options_of(i)])) for i in PHQA.items}
    result = score(PHQA, answers)
    assert result.total == sum(answers[n] for n in range(1, 10))
    assert result.band.low <= result.total <= result.band.high
    alert = answers[9] >= 1 or answers[12] == 1 or answers[13] == 1
    assert result.alert == alert
    assert (result.risk == Risk.CRISIS) == alert or (not alert and result.risk == result.band.risk)


@given(st.lists(st.integers(0, 3), min_size=7, max_size=7))
def test_any_gad7_answers_score_their_sum(values):
    result = score(GAD7, dict(enumerate(values, start=1)))
    assert result.total == sum(values) and result.band.low <= sum(values) <= result.band.high


def test_incomplete_or_foreign_answers_are_refused():
    full = answers_totalling(GAD7, 3)
    with pytest.raises(AnswerError, match="unanswered"):
        score(GAD7, {k: v for k, v in full.items() if k != 7})
    with pytest.raises(AnswerError, match="does not have"):
        score(GAD7, {**full, 8: 0})
    with pytest.raises(AnswerError, match="not one of"):
        score(GAD7, {**full, 1: 4})


CONFIGURED = ScaleSpec(
    code="resilience", name="心理韧性", instructions="", source="",
    options=(OptionSpec("从不", 1), OptionSpec("有时", 2), OptionSpec("总是", 3)),
    items=(ItemSpec(1, "遇到困难我会想办法", subscale="坚韧"),
           ItemSpec(2, "我很容易放弃", reverse=True, subscale="坚韧"),
           ItemSpec(3, "我有可以倾诉的人", subscale="支持")),
    bands=(BandSpec(3, 5, "较低", Risk.ATTENTION), BandSpec(6, 9, "正常"),
           BandSpec(2, 3, "坚韧偏低", Risk.WARNING, subscale="坚韧")),
)


def test_a_configured_scale_reverses_items_and_sums_subscales():
    result = score(CONFIGURED, {1: 1, 2: 3, 3: 3})  # item 2 "always gives up" scores 1
    assert result.total == 5 and result.subscales == {"坚韧": 2, "支持": 3}
    assert result.band.label == "较低" and result.subscale_bands["坚韧"].label == "坚韧偏低"
    assert result.risk == Risk.WARNING  # the worse of the total's and the subscales' bands


def test_the_standard_scales_are_usable_and_a_gap_in_the_bands_is_not():
    assert [spec_problems(s) for s in (PHQ9, PHQA, GAD7)] == [[], [], []]
    gap = ScaleSpec(code="x", name="x", instructions="", options=CONFIGURED.options, items=CONFIGURED.items,
                    bands=(BandSpec(3, 5, "低"), BandSpec(7, 9, "高")))
    assert any("6" in p for p in spec_problems(gap))


# --- what makes a configured scale unusable, in the counsellor's words (mutation testing, issue 21) ---------------

TWO = (OptionSpec("否", 0), OptionSpec("是", 1))
ONE_ITEM = (ItemSpec(1, "题一"),)
BOTH_BANDS = (BandSpec(0, 0, "否"), BandSpec(1, 1, "是"))


def configured(options=TWO, items=ONE_ITEM, bands=BOTH_BANDS) -> ScaleSpec:
    return ScaleSpec(code="x", name="x", instructions="", options=options, items=items, bands=bands)


def problems_in_english(spec: ScaleSpec) -> list[str]:
    from django.utils import translation

    with translation.override("en"):
        return spec_problems(spec)


def test_the_smallest_usable_scale_has_two_options_one_item_and_a_band_for_each_total():
    assert problems_in_english(configured()) == []


def test_a_scale_without_items_is_told_so_and_nothing_else():
    assert problems_in_english(configured(items=(), bands=())) == ["A scale needs at least one item."]


@pytest.mark.parametrize("options", [(OptionSpec("是", 0),), (OptionSpec("否", 1), OptionSpec("是", 1)),
                                     (OptionSpec("否", 0), OptionSpec("有时", 1), OptionSpec("是", 1))])
def test_options_need_two_different_scores(options):
    assert problems_in_english(configured(options=options)) == [
        "The scale's options need at least two different scores."]


def test_an_alert_score_no_option_gives_is_named_by_its_item_and_the_bands_wait_for_it():
    """The bands are checked once the items are right: their totals depend on the items."""
    items = (ItemSpec(1, "题一"), ItemSpec(2, "题二", alert_at=2))
    assert problems_in_english(configured(items=items, bands=(BandSpec(0, 0, "否"),))) == [
        "Item 2: its alert score is not one of its options' scores."]


def test_bands_that_overlap_are_refused_like_bands_with_a_gap():
    overlapping = configured(items=(ItemSpec(1, "题一"), ItemSpec(2, "题二")),
                             bands=(BandSpec(0, 1, "低"), BandSpec(1, 2, "高")))
    assert problems_in_english(overlapping) == [
        "The bands must cover every total from 0 to 2 exactly once (not so for 1)."]


def test_the_totals_checked_run_from_the_lowest_reachable_to_the_highest():
    from_one = (OptionSpec("少", 1), OptionSpec("多", 2))
    assert problems_in_english(configured(options=from_one, bands=(BandSpec(1, 1, "低"), BandSpec(2, 2, "高")))) == []
    assert problems_in_english(configured(bands=(BandSpec(0, 0, "否"),))) == [
        "The bands must cover every total from 0 to 1 exactly once (not so for 1)."]


def test_the_message_names_the_first_five_totals_left_out():
    ten = tuple(OptionSpec(str(n), n) for n in range(10))
    assert problems_in_english(configured(options=ten, bands=(BandSpec(0, 0, "零"),))) == [
        "The bands must cover every total from 0 to 9 exactly once (not so for 1, 2, 3, 4, 5)."]
