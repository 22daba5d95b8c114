"""The builder's words for what the tables hold: a question's condition as a sentence, an item's number."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import questions as qs
from ..models import Question
from .forms import number_items


@dataclass
class Item:
    """A row of the build page: the question, its number as respondents count (None for layout), the condition in
    words, the page it is on, and the choices of its answer with their numbers."""

    question: Question
    number: int | None
    condition: str
    page: int


def _quoted(texts: Sequence[str]) -> str:
    return _(" or ").join(f"“{t}”" for t in texts)


def condition_words(cond: Mapping | None, by_key: Mapping[str, Question], numbers: Mapping[str, int]) -> str:
    """e.g. 仅当“Q1 你满意吗”选择“不满意”时显示; "" when always shown."""
    if not cond:
        return ""
    target = by_key.get(str(cond.get("key")))
    if target is None:
        return _("Shown only after a question that no longer comes before it.")
    name = f"Q{numbers.get(target.key, '?')} {target.text[:30]}"
    if target.kind == qs.Kind.NUMBER:
        low, high = cond.get("min"), cond.get("max")
        if low is not None and high is not None:
            return _("Shown only when “%(question)s” is from %(low)s to %(high)s") % {
                "question": name, "low": _num(low), "high": _num(high)}
        if low is not None:
            return _("Shown only when “%(question)s” is at least %(low)s") % {"question": name, "low": _num(low)}
        return _("Shown only when “%(question)s” is at most %(high)s") % {"question": name, "high": _num(high)}
    values = cond.get("values") or []
    if target.kind in (qs.Kind.SINGLE, qs.Kind.MULTIPLE):
        labels = [target.options[v] for v in values if isinstance(v, int) and 0 <= v < len(target.options)]
    else:
        scale = target.spec().scale_labels()
        labels = [f"{v} {scale[v - 1]}" if 1 <= v <= len(scale) and scale[v - 1] != str(v) else str(v)
                  for v in values if isinstance(v, int)]
    return _("Shown only when “%(question)s” is answered %(values)s") % {"question": name,
                                                                         "values": _quoted(labels)}


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def items_of(questions: Sequence[Question]) -> list[Item]:
    numbers = number_items(questions)
    by_key: dict[str, Question] = {}
    out = []
    page = 1
    for q in questions:
        if q.kind == qs.Kind.PAGE:
            page += 1
        out.append(Item(q, numbers.get(q.key), condition_words(q.show_if, by_key, numbers), page))
        if q.kind not in qs.LAYOUT:
            by_key[q.key] = q
    return out


def audience_words(survey) -> list[str]:
    """Who answers, in words (prefetch grades, classes and parent_classes)."""
    if survey.activity_id is not None:
        return [_("The participants of “%(activity)s”") % {"activity": survey.activity.title}]
    out = []
    if survey.for_students:
        # a class's name reads its grade: one query with it rather than one per class
        named = [str(g) for g in survey.grades.all()] + [str(c) for c in survey.classes.select_related("grade")]
        out.append(_("Students of %(which)s") % {"which": "、".join(named)} if named
                   else _("Every student of the school"))
    if survey.for_parents:
        named = [str(c) for c in survey.parent_classes.select_related("grade")]
        out.append(_("Parents of %(which)s") % {"which": "、".join(named)} if named else _("Every parent"))
    if survey.for_elders:
        out.append(_("The elders (五老)"))
    if survey.for_teachers:
        out.append(_("The teachers"))
    return out or [_("Nobody yet")]
