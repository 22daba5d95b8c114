"""Database helpers the services share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models
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


class Prepared(Generic[M]):
    """A query of one model compiled to SQL once per process and database, then run again with new arguments.

    Django's query compiler costs 0.3–0.6 ms a query, most of what the API's hottest requests spend in Python (a
    token's user, the survey an answer is for: bench/load_surveys.py). `build(*args)` makes the queryset; its SQL
    parameters must be exactly `args`, in order (checked at the first compile, so a misuse fails the first test that
    runs it). Rows come back as model instances through a raw queryset: the fields' own conversions apply, no
    select_related or prefetch (the columns are mapped by name, so only one model's).
    """

    def __init__(self, build: Callable[..., models.QuerySet[M]]):
        self.build = build
        self._sql: dict[str, tuple[type[M], str]] = {}

    def __call__(self, *args) -> list[M]:
        compiled = self._sql.get(DEFAULT_DB_ALIAS)
        if compiled is None:
            queryset = self.build(*args)
            sql, params = queryset.query.sql_with_params()
            if list(params) != list(args):
                raise ImproperlyConfigured(f"Prepared query: its parameters {params!r} are not its arguments {args!r}")
            compiled = self._sql[DEFAULT_DB_ALIAS] = (queryset.model, sql)
        model, sql = compiled
        return list(model._default_manager.raw(sql, args))


def insert(instance: M) -> M:
    """INSERT a new row as `instance.save(force_insert=True)` would, through its fields' own conversions (pre_save,
    get_db_prep_save), without the ORM's compiler and without signals: for the hottest writes (an anonymous answer:
    1.07 → 0.29 ms of CPU for its three statements), on models nothing listens to. The primary key must be set
    (a default such as a random key is)."""
    opts = instance._meta
    fields = [f for f in opts.concrete_fields if not f.generated]
    if instance.pk is None:
        raise ValueError("insert() needs the primary key set")
    connection = connections[DEFAULT_DB_ALIAS]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    table = connection.ops.quote_name(opts.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608 (names, not input)
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS
    return instance
