"""Background work of the search part: rebuilding a school's index after its dictionary changed."""

from __future__ import annotations

from django_tasks import task


@task()
def reindex_school_task(school_id: int) -> dict[str, int]:
    """Segment every item of the school again (a new dictionary word now keeps a name whole)."""
    from .indexing import reindex

    return reindex(school_id)
