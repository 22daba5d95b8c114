"""The demo school's indicators: the default system, and the first term's figures fixed (a snapshot), so that the
overview shows fixed figures beside the live ones from the start. Runs after every app it reads (manifest)."""

from __future__ import annotations

from xinhuo.core.models import SchoolYear

from .models import Period
from .services import indicators_ensure_defaults, write_snapshot


def build(ctx) -> None:
    indicators_ensure_defaults(ctx.school)
    year = SchoolYear.objects.filter(school=ctx.school, is_current=True).first()
    if year is not None:
        write_snapshot(ctx.school, year, Period.TERM1, by=ctx.director)
