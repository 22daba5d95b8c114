"""Jobs of the indicators part, queued by `python -m xinhuo serve`: the daily snapshots (safe to run twice) and the
frequent warming of the pages' live figures."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def indicator_snapshots_task(day: str = "") -> dict[str, list[str]]:
    """Fix the figures of every period that has ended without a snapshot (ISO date, default today); {school code:
    ["year:period", ...]} taken."""
    from .services import snapshots_take_due

    return snapshots_take_due(dt.date.fromisoformat(day) if day else None)


@task()
def live_figures_warm_task() -> int:
    """Every few minutes: the current year's live figures (the whole year and the running term) computed and kept
    for each school with indicators, so the overview a committee opens never waits for the formulas (200-300 ms on
    the large school). Returns how many figures were kept."""
    from .services import live_figures_warm

    return live_figures_warm()
