"""Scores: an indicator's score from its figure, target and score band; a dimension's and the school's from the
weights. An indicator without data (value None) or without a target has no score, and the weighted sums leave it
out, scaling the others' weights up, so a module the school does not use never counts as a zero."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score(value: Decimal | None, target: Decimal | None, bands) -> Decimal | None:
    """The score of the first band whose share of the target the figure reaches (bands highest first); a figure of
    0 with a band [0, s] scores s. No value or no positive target: None."""
    if value is None or target is None or target <= 0:
        return None
    share = Decimal(value) / Decimal(target)
    for low, points in bands or []:
        if share >= Decimal(str(low)):
            return q2(Decimal(str(points)))
    return Decimal("0.00")


def weighted(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Σ score × weight / Σ weight over the pairs that have a score; None when none has."""
    total = weights = Decimal(0)
    for value, weight in pairs:
        if value is None or not weight:
            continue
        total += Decimal(value) * Decimal(weight)
        weights += Decimal(weight)
    return q2(total / weights) if weights else None


def dimension_scores(rows: list[dict]) -> dict[str, Decimal | None]:
    """{dimension code: score} from figure rows (keys score, weight, dimension_code)."""
    by: dict[str, list[tuple[Decimal | None, Decimal]]] = {}
    for r in rows:
        by.setdefault(r["dimension_code"], []).append((r["score"], r["weight"]))
    return {code: weighted(pairs) for code, pairs in by.items()}


def total_score(rows: list[dict]) -> Decimal | None:
    """The school's weighted total (0-100) from figure rows: each dimension's score by its weight."""
    dims = dimension_scores(rows)
    weight_of = {r["dimension_code"]: r["dimension_weight"] for r in rows}
    return weighted((dims[code], weight_of[code]) for code in dims)
