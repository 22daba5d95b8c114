"""Background work of the search part: rebuilding a school's index after its dictionary changed."""

from __future__ import annotations

from django_tasks import task


@task()
def reindex_school_task(school_id: int) -> dict[str, int]:
    """Segment every item of the school again (a new dictionary word now keeps a name whole)."""
    from .indexing import reindex

    return reindex(school_id)


@task()
def reindex_daily_task() -> dict[str, int]:
    """Every school's index rebuilt once a night: what bulk writes (imports, the rollover, erasure's anonymising
    updates) changed without a post_save is in step again by the morning. Safe to run twice."""
    from .indexing import reindex

    return reindex()
