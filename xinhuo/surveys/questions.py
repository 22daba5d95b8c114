"""The questionnaire's own logic, free of the database: question kinds, what a well-formed question and survey
are, skip logic, pages, and what a valid answer is.

An answer is stored in one canonical form per kind (the API takes the same form):
single: option index; multiple: sorted option indices; likert, rating: 1..points; short/long text: str;
number: int or float; date: "YYYY-MM-DD"; matrix: {row index as str: 1..points}; ranking: every option index,
most preferred first.

Skip logic: a question or a section carries `show_if` = {"key": an earlier question's key, "values": [...]} (for
choice, Likert and rating questions: shown when the answer is, or for multiple choice contains, one of the
values) or {"key": ..., "min": x, "max": y} (for a number). A condition may only name an earlier question, so
no survey can loop; a section's condition holds for every question up to the next section."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SECTION = "section", _("Section heading")
    PAGE = "page", _("Page break")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Likert scale")
    RATING = "rating", _("Rating")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    MATRIX = "matrix", _("Matrix (rows × scale)")
    RANKING = "ranking", _("Ranking")


LAYOUT = frozenset({Kind.SECTION, Kind.PAGE})
WITH_OPTIONS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING})
WITH_POINTS = frozenset({Kind.LIKERT, Kind.RATING, Kind.MATRIX})
# the kinds a condition may name: their answers are a few known values
CONDITIONAL = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.LIKERT, Kind.RATING, Kind.NUMBER})
TEXT_LIMIT: dict[str, int] = {Kind.SHORT_TEXT: 200, Kind.LONG_TEXT: 2000}
MAX_OPTIONS = 30
MAX_ROWS = 20
KEY = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
NUMBER_LIMIT = 1e12


def likert_labels(points: int) -> list[str]:
    """The default agreement labels of a 5- or 7-point scale (a question may name its own)."""
    if points == 7:
        return [gettext("Strongly disagree"), gettext("Disagree"), gettext("Somewhat disagree"), gettext("Neutral"),
                gettext("Somewhat agree"), gettext("Agree"), gettext("Strongly agree")]
    return [gettext("Strongly disagree"), gettext("Disagree"), gettext("Neutral"), gettext("Agree"),
            gettext("Strongly agree")]


@dataclass(frozen=True)
class QSpec:
    key: str
    kind: str
    text: str
    help_text: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    points: int | None = None
    labels: tuple[str, ...] = ()
    min_choices: int | None = None
    max_choices: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    show_if: Mapping[str, Any] | None = field(default=None, hash=False)

    @property
    def answerable(self) -> bool:
        return self.kind not in LAYOUT

    def scale_labels(self) -> list[str]:
        """The labels of points 1..points (Likert and matrix: agreement by default; rating: the numbers)."""
        n = self.points or 0
        if len(self.labels) == n:
            return list(self.labels)
        if self.kind in (Kind.LIKERT, Kind.MATRIX) and n in (5, 7):
            return likert_labels(n)
        return [str(i) for i in range(1, n + 1)]

    def scale_values(self) -> list[int]:
        return list(range(1, (self.points or 0) + 1))


# -- a question and a survey well formed ---------------------------------------------------------------------------

def question_problems(q: QSpec) -> dict[str, str]:
    """What is wrong with one question on its own, by field (empty when it is well formed)."""
    errors: dict[str, str] = {}
    if not KEY.match(q.key or ""):
        errors["key"] = gettext("A question's key is a lower-case letter followed by letters, digits or _ (at most "
                                "20).")
    if q.kind not in Kind.values:
        errors["kind"] = gettext("Choose a question type from the list.")
        return errors
    if q.kind != Kind.PAGE and not (q.text or "").strip():
        errors["text"] = gettext("Write the question (or the section's title).")
    if q.kind in WITH_OPTIONS:
        options = [o.strip() for o in q.options]
        if len(options) < 2:
            errors["options"] = gettext("Give at least two options, one per line.")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = gettext("At most %(n)d options.") % {"n": MAX_OPTIONS}
        elif any(not o for o in options):
            errors["options"] = gettext("An option cannot be empty.")
        elif len(set(options)) != len(options):
            errors["options"] = gettext("Two options have the same text.")
        elif any(len(o) > 100 for o in options):
            errors["options"] = gettext("An option has at most 100 characters.")
    if q.kind == Kind.MULTIPLE and "options" not in errors:
        low, high = q.min_choices, q.max_choices
        if (low is not None and low < 0) or (high is not None and high < 1):
            errors["min_choices"] = gettext("The least and most choices are whole numbers from 1.")
        elif low is not None and high is not None and low > high:
            errors["min_choices"] = gettext("The least number of choices is more than the most.")
        elif (high or 0) > len(q.options) or (low or 0) > len(q.options):
            errors["max_choices"] = gettext("There are only %(n)d options.") % {"n": len(q.options)}
    if q.kind in (Kind.LIKERT, Kind.MATRIX) and q.points not in (5, 7):
        errors["points"] = gettext("A Likert scale has 5 or 7 points.")
    if q.kind == Kind.RATING and (q.points is None or not 3 <= q.points <= 10):
        errors["points"] = gettext("A rating goes up to 3 to 10 points.")
    if q.kind in WITH_POINTS and "points" not in errors and q.labels and len(q.labels) != q.points:
        errors["labels"] = gettext("Give one label per point (%(n)d), or none for the usual ones.") % {"n": q.points}
    if q.kind == Kind.MATRIX:
        rows = [r.strip() for r in q.rows]
        if not rows:
            errors["rows"] = gettext("Give the matrix's rows, one per line.")
        elif len(rows) > MAX_ROWS:
            errors["rows"] = gettext("At most %(n)d rows.") % {"n": MAX_ROWS}
        elif any(not r for r in rows) or len(set(rows)) != len(rows):
            errors["rows"] = gettext("Rows cannot be empty or repeated.")
    if q.kind == Kind.NUMBER and q.min_value is not None and q.max_value is not None and q.min_value > q.max_value:
        errors["min_value"] = gettext("The smallest allowed number is more than the largest.")
    if q.kind in LAYOUT and q.required:
        errors["required"] = gettext("A section heading or page break is not answered.")
    return errors


def condition_problem(q: QSpec, earlier: Mapping[str, QSpec]) -> str:
    """Why `q.show_if` cannot stand, given the questions before it ("" when it can)."""
    cond = q.show_if
    if not cond:
        return ""
    if q.kind == Kind.PAGE:
        return gettext("A page break cannot have a condition: put it on a section.")
    target = earlier.get(str(cond.get("key", "")))
    if target is None:
        return gettext("A condition can only name a question that comes before it.")
    if target.kind not in CONDITIONAL:
        return gettext("A condition can name a choice, Likert, rating or number question only.")
    if target.kind == Kind.NUMBER:
        low, high = cond.get("min"), cond.get("max")
        if (low is None and high is None) or any(v is not None and not _is_number(v) for v in (low, high)):
            return gettext("Give the smallest and/or largest answer that shows this question.")
        if low is not None and high is not None and low > high:
            return gettext("The condition's smallest answer is more than its largest.")
        return ""
    values = cond.get("values")
    allowed = (set(range(len(target.options))) if target.kind in (Kind.SINGLE, Kind.MULTIPLE)
               else set(target.scale_values()))
    if (not isinstance(values, list) or not values
            or any(not isinstance(v, int) or isinstance(v, bool) or v not in allowed for v in values)):
        return gettext("Choose the answers of the earlier question that show this one.")
    return ""


def survey_problems(questions: Sequence[QSpec]) -> list[str]:
    """What stops these questions, in this order, from being answered: each problem as a sentence naming the
    question's position."""
    problems: list[str] = []
    earlier: dict[str, QSpec] = {}
    for n, q in enumerate(questions, 1):
        for text in question_problems(q).values():
            problems.append(gettext("Item %(n)d: %(problem)s") % {"n": n, "problem": text})
        if q.key in earlier:
            problems.append(gettext("Item %(n)d: the key %(key)s is used twice.") % {"n": n, "key": q.key})
        why = condition_problem(q, earlier)
        if why:
            problems.append(gettext("Item %(n)d: %(problem)s") % {"n": n, "problem": why})
        if q.answerable:
            earlier.setdefault(q.key, q)
    if not any(q.answerable for q in questions):
        problems.append(gettext("A survey needs at least one question."))
    return problems


# -- skip logic and pages ------------------------------------------------------------------------------------------

def _holds(cond: Mapping[str, Any] | None, answers: Mapping[str, Any], by_key: Mapping[str, QSpec]) -> bool:
    if not cond:
        return True
    key = cond.get("key")
    target = by_key.get(str(key))
    value = answers.get(str(key))
    if target is None or value is None:
        return False
    if target.kind == Kind.NUMBER:
        low, high = cond.get("min"), cond.get("max")
        return (low is None or value >= low) and (high is None or value <= high)
    wanted = set(cond.get("values") or ())
    if isinstance(value, list):
        return bool(wanted.intersection(value))
    return value in wanted


def visible(questions: Sequence[QSpec], answers: Mapping[str, Any]) -> list[QSpec]:
    """The items shown after these answers: conditions read the answers of visible questions only, so a hidden
    question's stale answer never shows anything."""
    shown: list[QSpec] = []
    seen: dict[str, Any] = {}
    by_key: dict[str, QSpec] = {}
    section_shown = True
    for q in questions:
        if q.kind == Kind.SECTION:
            section_shown = _holds(q.show_if, seen, by_key)
            if section_shown:
                shown.append(q)
            continue
        if q.kind == Kind.PAGE:
            shown.append(q)
            continue
        if section_shown and _holds(q.show_if, seen, by_key):
            shown.append(q)
            by_key[q.key] = q
            if q.key in answers:
                seen[q.key] = answers[q.key]
    return shown


def pages(questions: Sequence[QSpec]) -> list[list[QSpec]]:
    """The items split at page breaks; empty pages dropped."""
    out: list[list[QSpec]] = [[]]
    for q in questions:
        if q.kind == Kind.PAGE:
            out.append([])
        else:
            out[-1].append(q)
    return [p for p in out if any(q.answerable for q in p)] or [[]]


# -- answers --------------------------------------------------------------------------------------------------------

def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"\s*-?\d{1,6}\s*", v):
        return int(v)
    return None


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_value(q: QSpec, raw: Any) -> tuple[Any, str]:
    """(canonical value, "") or (None, the message for the respondent). A blank answer is (None, "")."""
    if is_blank(raw):
        return None, ""
    if q.kind == Kind.SINGLE:
        i = _int(raw)
        if i is None or not 0 <= i < len(q.options):
            return None, gettext("Choose one of the options.")
        return i, ""
    if q.kind == Kind.MULTIPLE:
        items = raw if isinstance(raw, list) else [raw]
        picked = [_int(v) for v in items]
        if any(i is None or not 0 <= i < len(q.options) for i in picked):
            return None, gettext("Choose among the options.")
        chosen = sorted(set(picked))  # type: ignore[type-var]
        if q.min_choices and len(chosen) < q.min_choices:
            return None, gettext("Choose at least %(n)d.") % {"n": q.min_choices}
        if q.max_choices and len(chosen) > q.max_choices:
            return None, gettext("Choose at most %(n)d.") % {"n": q.max_choices}
        return chosen, ""
    if q.kind in (Kind.LIKERT, Kind.RATING):
        i = _int(raw)
        if i is None or not 1 <= i <= (q.points or 0):
            return None, gettext("Choose a point of the scale.")
        return i, ""
    if q.kind in TEXT_LIMIT:
        if not isinstance(raw, str):
            return None, gettext("Write the answer as text.")
        text = raw.strip().replace("\x00", "")
        if len(text) > TEXT_LIMIT[q.kind]:
            return None, gettext("At most %(n)d characters.") % {"n": TEXT_LIMIT[q.kind]}
        return (text or None), ""
    if q.kind == Kind.NUMBER:
        value: float | int
        if _is_number(raw):
            value = raw
        else:
            try:
                value = float(str(raw).strip())
            except ValueError:
                return None, gettext("Write a number.")
            if not math.isfinite(value):
                return None, gettext("Write a number.")
            if value.is_integer():
                value = int(value)
        if abs(value) > NUMBER_LIMIT:
            return None, gettext("Write a number.")
        if q.min_value is not None and value < q.min_value:
            return None, gettext("At least %(n)s.") % {"n": _shown(q.min_value)}
        if q.max_value is not None and value > q.max_value:
            return None, gettext("At most %(n)s.") % {"n": _shown(q.max_value)}
        return value, ""
    if q.kind == Kind.DATE:
        try:
            day = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            return None, gettext("Write a date such as 2026-09-01.")
        if not 1900 <= day.year <= 2100:
            return None, gettext("Write a date such as 2026-09-01.")
        return day.isoformat(), ""
    if q.kind == Kind.MATRIX:
        if not isinstance(raw, Mapping):
            return None, gettext("Answer the rows on the scale.")
        out: dict[str, int] = {}
        for k, v in raw.items():
            row, point = _int(k), _int(v) if not is_blank(v) else None
            if row is None or not 0 <= row < len(q.rows):
                return None, gettext("Answer the rows on the scale.")
            if point is None:
                continue
            if not 1 <= point <= (q.points or 0):
                return None, gettext("Answer the rows on the scale.")
            out[str(row)] = point
        if not out:
            return None, ""
        if q.required and len(out) < len(q.rows):
            return None, gettext("Answer every row.")
        return out, ""
    if q.kind == Kind.RANKING:
        items = raw if isinstance(raw, list) else [raw]
        order = [_int(v) for v in items]
        if sorted(i for i in order if i is not None) != list(range(len(q.options))) or None in order:
            return None, gettext("Give every option its own place, 1 to %(n)d.") % {"n": len(q.options)}
        return order, ""
    return None, ""


def _shown(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def clean_answers(questions: Sequence[QSpec], raw: Mapping[str, Any], *, only: Iterable[str] | None = None,
                  require: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate `raw` (key -> canonical or form value) against the visible questions.

    Returns (answers of the visible questions, errors by key). `only` limits the checks to these keys (one page);
    `require` makes a required visible question without answer an error. Answers to hidden or unknown questions
    are dropped, so skipping back and changing an answer never keeps what no longer applies."""
    keys = set(only) if only is not None else None
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    # a condition reads answers given before it: clean in order, so each condition sees cleaned values
    cleaned: dict[str, Any] = {}
    for q in questions:
        if q.answerable and q.key in raw:
            value, _err = clean_value(q, raw[q.key])
            if value is not None:
                cleaned[q.key] = value
    for q in visible(questions, cleaned):
        if not q.answerable or (keys is not None and q.key not in keys):
            if q.answerable and q.key in cleaned:
                answers[q.key] = cleaned[q.key]
            continue
        value, error = clean_value(q, raw.get(q.key))
        if error:
            errors[q.key] = error
        elif value is None:
            if require and q.required:
                errors[q.key] = (gettext("Answer every row.") if q.kind == Kind.MATRIX
                                 else gettext("This question needs an answer."))
        else:
            answers[q.key] = value
    return answers, errors


def from_form(q: QSpec, data: Any) -> Any:
    """A question's raw answer from a posted form (a QueryDict): works without JavaScript. Matrix rows post as
    `<key>.<row>`, a ranking as `<key>.<option>` = its place (1 = first)."""
    if q.kind == Kind.MULTIPLE:
        return data.getlist(q.key)
    if q.kind == Kind.MATRIX:
        return {str(i): data.get(f"{q.key}.{i}", "") for i in range(len(q.rows))
                if data.get(f"{q.key}.{i}", "") != ""}
    if q.kind == Kind.RANKING:
        places = {i: _int(data.get(f"{q.key}.{i}", "")) for i in range(len(q.options))}
        if all(p is None for p in places.values()):
            return None
        if any(p is None for p in places.values()) or sorted(places.values()) != list(  # type: ignore[type-var]
                range(1, len(q.options) + 1)):
            return ["invalid"]
        return [i for i, _p in sorted(places.items(), key=lambda kv: kv[1] or 0)]
    return data.get(q.key, "")
