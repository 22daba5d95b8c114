"""Screening scales as data, and their scoring (PSY-1).

A scale is items with options and scores, optional reverse-scored items and subscales, severity bands and the
items whose positive answer is an alert whatever the total (PSY-2). The standard scales below are installed in
the database (`services.standard_scales_install`); a counsellor configures others through the same tables, and
every scale is scored by `score()` from its `ScaleSpec`, so a configured scale and a standard one score alike.

The item texts are the instruments' published Simplified Chinese versions; a scale is only valid in the wording
it was validated in, so they are data, not interface text, and are not translated with the interface.
Sources (docs/wellbeing.md repeats them with the risk rule):
- PHQ-9: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure.
  J Gen Intern Med 2001;16(9):606-613. Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe,
  20-27 severe. Chinese version: the PHQ screeners' Simplified Chinese translation (Pfizer, free to reproduce),
  as validated in Chinese general-hospital patients (卞崔冬 等, 同济大学学报(医学版) 2009;30(5):136-140).
- PHQ-A (PHQ-9 modified for adolescents): Johnson JG, Harris ES, Spitzer RL, Williams JBW. The Patient Health
  Questionnaire for Adolescents. J Adolesc Health 2002;30(3):196-204. The nine items as PHQ-9 with the
  adolescent wording (irritable, school work, weight loss), the same 0-27 bands, and four further unscored
  questions; a "yes" to serious thoughts of ending one's life in the past month or to a suicide attempt ever
  is an alert like item 9.
- GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety
  disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097. Bands 0-4 minimal, 5-9 mild, 10-14 moderate,
  15-21 severe. Chinese version: 何筱衍 等, 上海精神医学 2010;22(4):200-203.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Risk(models.IntegerChoices):
    """The risk level a result puts a student at (docs/wellbeing.md, "Risk levels"); ordered, higher is worse."""

    NONE = 0, _("No concern")
    ATTENTION = 1, _("Attention (关注)")
    WARNING = 2, _("Warning (预警)")
    CRISIS = 3, _("Crisis (危机)")


@dataclass(frozen=True)
class OptionSpec:
    label: str
    score: int


@dataclass(frozen=True)
class ItemSpec:
    number: int
    text: str
    options: tuple[OptionSpec, ...] = ()  # empty: the scale's options
    scored: bool = True  # an unscored item is asked and kept, and may still raise an alert
    reverse: bool = False  # scored from the other end of its options
    subscale: str = ""
    alert_at: int | None = None  # an answer scoring at least this is an alert, whatever the total


@dataclass(frozen=True)
class BandSpec:
    low: int
    high: int
    label: str
    risk: Risk = Risk.NONE
    subscale: str = ""  # "": a band of the total


@dataclass(frozen=True)
class ScaleSpec:
    code: str
    name: str
    instructions: str
    options: tuple[OptionSpec, ...]
    items: tuple[ItemSpec, ...]
    bands: tuple[BandSpec, ...]
    source: str = ""

    def options_of(self, item: ItemSpec) -> tuple[OptionSpec, ...]:
        return item.options or self.options

    def max_total(self) -> int:
        return sum(max(o.score for o in self.options_of(i)) for i in self.items if i.scored)


@dataclass(frozen=True)
class ScaleScore:
    total: int
    band: BandSpec | None
    risk: Risk
    subscales: dict[str, int] = field(default_factory=dict)
    subscale_bands: dict[str, BandSpec] = field(default_factory=dict)
    alert_items: tuple[int, ...] = ()  # the numbers of the items whose answer is an alert

    @property
    def alert(self) -> bool:
        return bool(self.alert_items)


class AnswerError(ValueError):
    """Answers that do not fit the scale: a missing item, an unknown item or a score the item does not offer."""


def _item_score(spec: ScaleSpec, item: ItemSpec, raw: int) -> int:
    scores = [o.score for o in spec.options_of(item)]
    if raw not in scores:
        raise AnswerError(f"item {item.number}: {raw} is not one of {scores}")
    return max(scores) + min(scores) - raw if item.reverse else raw


def _band(bands: tuple[BandSpec, ...], subscale: str, value: int) -> BandSpec | None:
    return next((b for b in bands if b.subscale == subscale and b.low <= value <= b.high), None)


def score(spec: ScaleSpec, answers: Mapping[int, int]) -> ScaleScore:
    """Score complete answers ({item number: the chosen option's score}). An alert item answered at or above its
    threshold makes the result a crisis whatever the total (PHQ-9 item 9 with a total of 1 is a crisis)."""
    numbers = {i.number for i in spec.items}
    if missing := numbers - answers.keys():
        raise AnswerError(f"unanswered items: {sorted(missing)}")
    if unknown := answers.keys() - numbers:
        raise AnswerError(f"items the scale does not have: {sorted(unknown)}")
    total, subscales, alerts = 0, dict[str, int](), list[int]()
    for item in spec.items:
        value = _item_score(spec, item, answers[item.number])
        if item.alert_at is not None and answers[item.number] >= item.alert_at:
            alerts.append(item.number)
        if not item.scored:
            continue
        total += value
        if item.subscale:
            subscales[item.subscale] = subscales.get(item.subscale, 0) + value
    band = _band(spec.bands, "", total)
    subscale_bands = {name: b for name, v in subscales.items() if (b := _band(spec.bands, name, v))}
    risk = max([Risk.NONE, *(b.risk for b in (band, *subscale_bands.values()) if b)])
    if alerts:
        risk = Risk.CRISIS
    return ScaleScore(total=total, band=band, risk=Risk(risk), subscales=subscales, subscale_bands=subscale_bands,
                      alert_items=tuple(alerts))


def spec_problems(spec: ScaleSpec) -> list[str]:
    """What makes a configured scale unusable, in words for the counsellor (empty: usable). The total's bands
    must cover every reachable total exactly once, so that no student's result falls between two bands."""
    from django.utils.translation import gettext as t

    problems: list[str] = []
    if not spec.items:
        problems.append(t("A scale needs at least one item."))
    if len({o.score for o in spec.options}) != len(spec.options) or len(spec.options) < 2:
        problems.append(t("The scale's options need at least two different scores."))
    for item in spec.items:
        opts = spec.options_of(item)
        if item.alert_at is not None and item.alert_at not in {o.score for o in opts}:
            problems.append(t("Item %(n)d: its alert score is not one of its options' scores.") % {"n": item.number})
    if spec.items and not problems:
        low = sum(min(o.score for o in spec.options_of(i)) for i in spec.items if i.scored)
        covered: dict[int, int] = {}
        for band in (b for b in spec.bands if not b.subscale):
            for v in range(band.low, band.high + 1):
                covered[v] = covered.get(v, 0) + 1
        gaps = [v for v in range(low, spec.max_total() + 1) if covered.get(v, 0) != 1]
        if gaps:
            problems.append(t("The bands must cover every total from %(low)d to %(high)d exactly once "
                              "(not so for %(values)s).")
                            % {"low": low, "high": spec.max_total(), "values": ", ".join(map(str, gaps[:5]))})
    return problems


# --- the standard scales -----------------------------------------------------------------------------------------

FREQUENCY = (OptionSpec("完全不会", 0), OptionSpec("好几天", 1), OptionSpec("一半以上的天数", 2),
             OptionSpec("几乎每天", 3))
YES_NO = (OptionSpec("否", 0), OptionSpec("是", 1))

_PHQ_BANDS = (
    BandSpec(0, 4, "无或极轻微", Risk.NONE),
    BandSpec(5, 9, "轻度", Risk.NONE),
    BandSpec(10, 14, "中度", Risk.ATTENTION),
    BandSpec(15, 19, "中重度", Risk.WARNING),
    BandSpec(20, 27, "重度", Risk.WARNING),
)

PHQ9 = ScaleSpec(
    code="phq9",
    name="患者健康问卷抑郁量表（PHQ-9）",
    instructions="在过去两个星期，有多少时候您受到以下任何问题所困扰？",
    options=FREQUENCY,
    items=(
        ItemSpec(1, "做事时提不起劲或没有兴趣"),
        ItemSpec(2, "感到心情低落、沮丧或绝望"),
        ItemSpec(3, "入睡困难、睡不安稳或睡眠过多"),
        ItemSpec(4, "感觉疲倦或没有活力"),
        ItemSpec(5, "食欲不振或吃太多"),
        ItemSpec(6, "觉得自己很糟，或觉得自己很失败，或让自己或家人失望"),
        ItemSpec(7, "对事物专注有困难，例如阅读报纸或看电视时"),
        ItemSpec(8, "动作或说话速度缓慢到别人已经觉察；或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常"),
        ItemSpec(9, "有不如死掉或用某种方式伤害自己的念头", alert_at=1),
    ),
    bands=_PHQ_BANDS,
    source="Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16(9):606-613.",
)

PHQA = ScaleSpec(
    code="phqa",
    name="青少年患者健康问卷（PHQ-A）",
    instructions="在过去两个星期，你有多少时候受到以下问题的困扰？请选出最符合你情况的一项。",
    options=FREQUENCY,
    items=(
        ItemSpec(1, "感到心情低落、沮丧、烦躁或绝望"),
        ItemSpec(2, "做事时提不起劲或没有兴趣"),
        ItemSpec(3, "入睡困难、睡不安稳或睡眠过多"),
        ItemSpec(4, "食欲不振、体重减轻或吃太多"),
        ItemSpec(5, "感觉疲倦或没有活力"),
        ItemSpec(6, "觉得自己很糟，或觉得自己很失败，或让自己或家人失望"),
        ItemSpec(7, "对事物专注有困难，例如做功课、阅读或看电视时"),
        ItemSpec(8, "动作或说话速度缓慢到别人已经觉察；或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常"),
        ItemSpec(9, "有不如死掉或用某种方式伤害自己的念头", alert_at=1),
        ItemSpec(10, "在过去一年里，你是否在大多数日子感到抑郁或悲伤，即使有时感觉还好？", YES_NO, scored=False),
        ItemSpec(11, "如果你有以上任何问题，这些问题让你做功课、做家务或与他人相处有多困难？",
                 (OptionSpec("毫无困难", 0), OptionSpec("有些困难", 1), OptionSpec("非常困难", 2),
                  OptionSpec("极其困难", 3)), scored=False),
        ItemSpec(12, "在过去一个月里，你是否曾认真地想过结束自己的生命？", YES_NO, scored=False, alert_at=1),
        ItemSpec(13, "你这一生中是否曾经试图自杀？", YES_NO, scored=False, alert_at=1),
    ),
    bands=_PHQ_BANDS,
    source="Johnson JG, Harris ES, Spitzer RL, Williams JBW. J Adolesc Health 2002;30(3):196-204.",
)

GAD7 = ScaleSpec(
    code="gad7",
    name="广泛性焦虑量表（GAD-7）",
    instructions="在过去两个星期，有多少时候您受到以下任何问题所困扰？",
    options=FREQUENCY,
    items=(
        ItemSpec(1, "感觉紧张、焦虑或急切"),
        ItemSpec(2, "不能够停止或控制担忧"),
        ItemSpec(3, "对各种各样的事情担忧过多"),
        ItemSpec(4, "很难放松下来"),
        ItemSpec(5, "由于不安而无法静坐"),
        ItemSpec(6, "变得容易烦恼或急躁"),
        ItemSpec(7, "感到似乎将有可怕的事情发生而害怕"),
    ),
    bands=(
        BandSpec(0, 4, "无或极轻微", Risk.NONE),
        BandSpec(5, 9, "轻度", Risk.NONE),
        BandSpec(10, 14, "中度", Risk.ATTENTION),
        BandSpec(15, 21, "重度", Risk.WARNING),
    ),
    source="Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166(10):1092-1097.",
)

STANDARD_SCALES: tuple[ScaleSpec, ...] = (PHQA, PHQ9, GAD7)
