"""Keeping anonymous answers unlinkable where the database's own order could link them (docs/surveys.md).

On SQLite a table keyed by an integer primary key is stored in key order, and our keys are random (models.
random_id): the file's order says nothing of time. PostgreSQL keeps a table's rows where they were written (the
heap) until the table is rewritten, so a daily job rewrites the two tables in key order (CLUSTER), leaving at most
one day's answers in the order they came — and an anonymous answer carries only its day anyway."""

from __future__ import annotations

from django.db import connection

from .models import Participation, Response

TABLES = (Response._meta.db_table, Participation._meta.db_table)


def shuffle() -> int:
    """Rewrite the tables in the order of their random keys (PostgreSQL); nothing to do on SQLite. Returns the
    number of tables rewritten."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        # deferred foreign-key checks still pending in this transaction would make CLUSTER refuse
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in TABLES:
            cursor.execute(f'CLUSTER "{table}" USING "{table}_pkey"')
    return len(TABLES)
