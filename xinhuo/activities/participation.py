"""Sign-up, attendance and evidence on an activity's detail page (ACT-4, ACT-5). Stub until that part lands."""

from __future__ import annotations


def detail_context(actor, activity) -> dict:
    """Extra context for activities/_signups.html and activities/_evidence.html on the detail page."""
    return {}
