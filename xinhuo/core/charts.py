"""Chart specs for the `{% chart %}` tag: the server computes every figure, the page draws it with ECharts.

A spec is plain JSON-able data, so a test can assert the figures and the page can show them as a table for a
reader without JavaScript or with a screen reader (the drawn box is aria-hidden; the table stays readable).

Kinds: "column" (categories along x, one or more series: per month, per kind), "hbar" (long category names,
one series), "line" (a trend per month), "pie" (shares of a whole), "stacked" (series stacked per category).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

KINDS = ("column", "hbar", "line", "pie", "stacked")


def chart(
    id: str,
    kind: str,
    categories: Sequence[Any],
    series: Sequence[tuple[Any, Sequence[float | int]]] | Sequence[float | int],
    *,
    title: Any = "",
    unit: Any = "",
    summary: Any = "",
) -> dict:
    """One chart. `series` is a list of (label, values) or, for a single series, the values alone.
    `summary` is the sentence a screen reader hears first (e.g. "12 of 40 visits done"); the table follows."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    cats = [str(c) for c in categories]
    named: list[Any] = list(series)
    if named and not isinstance(named[0], (tuple, list)):
        named = [(title, named)]  # one series, named by the chart's title
    out = []
    for label, raw in named:
        values = [v if isinstance(v, int) else float(v) for v in raw]
        if len(values) != len(cats):
            raise ValueError(f"chart {id}: {len(values)} values for {len(cats)} categories")
        out.append({"name": str(label), "values": values})
    return {
        "id": id,
        "kind": kind,
        "categories": cats,
        "series": out,
        "title": str(title),
        "unit": str(unit),
        "summary": str(summary),
        "empty": not any(any(s["values"]) for s in out),
    }


def rows(spec: dict) -> list[dict]:
    """The table fallback: one row per category with each series' value."""
    return [{"label": c, "values": [s["values"][i] for s in spec["series"]]} for i, c in enumerate(spec["categories"])]
