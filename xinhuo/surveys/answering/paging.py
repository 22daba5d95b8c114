"""Answering page by page, free of requests: which pages a survey has after the answers so far (skip logic is
read again at every step), where a person resumes, and what each question shows on the page (its choices with
the one picked, its rows, its places) so that the templates need no logic and work without JavaScript."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .. import questions as qs
from ..questions import Kind, QSpec


def pages_of(items: Sequence[QSpec], answers: Mapping[str, Any]) -> list[list[QSpec]]:
    return qs.pages(qs.visible(items, answers))


def keys_of(page: Sequence[QSpec]) -> list[str]:
    return [q.key for q in page if q.answerable]


def first_open(items: Sequence[QSpec], answers: Mapping[str, Any], pages: list[list[QSpec]]) -> int:
    """The first page (1-based) with a required question unanswered or an answer that no longer holds; the last
    page when every page is complete."""
    for n, page in enumerate(pages, 1):
        _answers, errors = qs.clean_answers(items, answers, only=keys_of(page))
        if errors:
            return n
    return len(pages)


def page_holding(pages: list[list[QSpec]], keys: Sequence[str], default: int) -> int:
    """The page (1-based) holding the first of these keys, else `default` (kept within the pages)."""
    wanted = set(keys)
    for n, page in enumerate(pages, 1):
        if wanted.intersection(keys_of(page)):
            return n
    return max(1, min(default, len(pages)))


def read_carry(text: str) -> dict[str, Any] | None:
    """An anonymous survey's earlier answers, carried by the page (never by the server): a JSON object, else None.
    Its values are checked again like any answer: a carried value is never trusted."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or len(value) > 500:
        return None
    return {str(k): v for k, v in value.items()}


def write_carry(answers: Mapping[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, separators=(",", ":"))


# -- what a question shows -----------------------------------------------------------------------------------------

@dataclass
class Choice:
    value: str
    label: str
    checked: bool = False


@dataclass
class Row:
    index: int
    label: str
    points: list[Choice]


@dataclass
class Place:
    index: int
    option: str
    place: str  # "" when not chosen


@dataclass
class Shown:
    """A question as the page shows it, with the answer given so far (canonical or as posted) and its message."""

    q: QSpec
    number: int | None = None  # the question's number among the visible questions; None for a heading
    value: Any = None
    error: str = ""
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    hint: str = ""

    @property
    def text_value(self) -> str:
        return "" if qs.is_blank(self.value) or isinstance(self.value, dict | list) else str(self.value)


def _hint(q: QSpec) -> str:
    if q.kind == Kind.MULTIPLE:
        low, high = q.min_choices, q.max_choices
        if low and high and low == high:
            return _("Choose %(n)d.") % {"n": low}
        if low and high:
            return _("Choose %(low)d to %(high)d.") % {"low": low, "high": high}
        if low:
            return _("Choose at least %(n)d.") % {"n": low}
        if high:
            return _("Choose at most %(n)d.") % {"n": high}
        return _("Choose all that apply.")
    if q.kind in qs.TEXT_LIMIT:
        return _("At most %(n)d characters.") % {"n": qs.TEXT_LIMIT[Kind(q.kind)]}
    if q.kind == Kind.NUMBER:
        if q.min_value is not None and q.max_value is not None:
            return _("A number from %(low)s to %(high)s.") % {"low": qs._shown(q.min_value),
                                                              "high": qs._shown(q.max_value)}
        if q.min_value is not None:
            return _("At least %(n)s.") % {"n": qs._shown(q.min_value)}
        if q.max_value is not None:
            return _("At most %(n)s.") % {"n": qs._shown(q.max_value)}
    if q.kind == Kind.RANKING:
        return _("Give each option its place: 1 is your first choice.")
    return ""


def shown(q: QSpec, value: Any, error: str = "", number: int | None = None, posted: Any = None) -> Shown:
    """`value` is the canonical answer or the posted raw one; `posted` (a QueryDict) gives back a ranking's places
    as typed when they were refused."""
    s = Shown(q=q, number=number, value=value, error=error, hint=_hint(q))
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        picked = {str(v) for v in value} if isinstance(value, list) else {str(value)} if value is not None else set()
        s.choices = [Choice(str(i), o, str(i) in picked) for i, o in enumerate(q.options)]
    elif q.kind in (Kind.LIKERT, Kind.RATING, Kind.MATRIX):
        s.labels = q.scale_labels()
        if q.kind == Kind.MATRIX:
            given = value if isinstance(value, Mapping) else {}
            s.rows = [Row(i, r, [Choice(str(p), lab, str(given.get(str(i), "")) == str(p))
                                 for p, lab in zip(q.scale_values(), s.labels, strict=True)])
                      for i, r in enumerate(q.rows)]
        else:
            s.choices = [Choice(str(p), lab, str(value) == str(p))
                         for p, lab in zip(q.scale_values(), s.labels, strict=True)]
    elif q.kind == Kind.RANKING:
        if posted is not None:
            s.places = [Place(i, o, posted.get(f"{q.key}.{i}", "")) for i, o in enumerate(q.options)]
        else:
            order = value if isinstance(value, list) else []
            where = {v: n for n, v in enumerate(order, 1) if isinstance(v, int)}
            s.places = [Place(i, o, str(where[i]) if i in where else "") for i, o in enumerate(q.options)]
        s.choices = [Choice(str(n), str(n)) for n in range(1, len(q.options) + 1)]
    return s


def numbers(visible_items: Sequence[QSpec]) -> dict[str, int]:
    """Questions are numbered over the visible survey, so numbers go on from page to page."""
    out: dict[str, int] = {}
    for q in visible_items:
        if q.answerable:
            out[q.key] = len(out) + 1
    return out
