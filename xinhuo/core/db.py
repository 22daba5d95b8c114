"""Database helpers the services share."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def lock(source: type[M] | models.QuerySet[M], pk, **filters) -> M:
    """The row `pk` (that also matches `filters`), locked until the transaction ends: two requests changing it at
    once queue here, so a check made on the locked row still holds when it is saved. Http404 when it is not there.

    Only the row's own table is locked (FOR UPDATE OF): rows that `select_related` joins stay free, and PostgreSQL
    refuses FOR UPDATE on the nullable side of an outer join. SQLite locks the whole database for the write anyway."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    row = queryset.select_for_update(of=("self",)).filter(pk=pk, **filters).first()
    if row is None:
        raise Http404
    return row
