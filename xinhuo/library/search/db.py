"""The database's side of the index: what a model field cannot declare, and the MATCH of a query.

SQLite: an external-content FTS5 table over SearchEntry.text (the rows stay in library_searchentry; FTS5 keeps
only its inverted index), kept in step by three triggers, ranked by bm25(). The text is segmented by jieba
beforehand and FTS5's unicode61 tokenizer splits it at the spaces, so no custom tokenizer is needed.
PostgreSQL: SearchEntry.vector = to_tsvector('simple', text) with a GIN index, ranked by ts_rank; 'simple'
because the words are already segmented (no stemming or stop words to apply to Chinese).

ensure_schema() is idempotent and runs after every migrate (a post_migrate receiver: also after the test
database's syncdb and a flush) and from the migration. When SQLite recreates the table (an ALTER done by copy)
its triggers go with it: ensure_schema then creates them again and rebuilds the FTS index from the rows."""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet

FTS = "library_search_fts"
TABLE = "library_searchentry"
GIN = "library_searchentry_vector_gin"

SQLITE_TRIGGERS = {  # written out: the names are fixed (FTS, TABLE)
    "library_search_ai": """CREATE TRIGGER library_search_ai AFTER INSERT ON library_searchentry BEGIN
        INSERT INTO library_search_fts(rowid, text) VALUES (new.id, new.text); END""",
    "library_search_ad": """CREATE TRIGGER library_search_ad AFTER DELETE ON library_searchentry BEGIN
        INSERT INTO library_search_fts(library_search_fts, rowid, text) VALUES ('delete', old.id, old.text); END""",
    "library_search_au": """CREATE TRIGGER library_search_au AFTER UPDATE ON library_searchentry BEGIN
        INSERT INTO library_search_fts(library_search_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO library_search_fts(rowid, text) VALUES (new.id, new.text); END""",
}


def ensure_schema(using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if TABLE not in tables:
            return  # migrating to before the index exists
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE "
                           "'library_search_%%'")
            present = {row[0] for row in cursor.fetchall()}
            changed = False
            if FTS not in present:
                cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='{TABLE}', "
                               "content_rowid='id')")
                changed = True
            for name, sql in SQLITE_TRIGGERS.items():
                if name not in present:
                    cursor.execute(sql)
                    changed = True
            if changed:
                cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {GIN} ON {TABLE} USING GIN (vector)")


def post_migrate(sender, using="default", **kwargs) -> None:
    ensure_schema(using)


def match_sql(vendor: str, groups: list[list[str]], *, strict: bool) -> tuple[str, str, list]:
    """(SQL of the matching entries' ids and scores, SQL of their ids alone, params): higher score is better.

    SQLite: the FTS5 table alone, so its MATCH drives the query; joined to the entries, SQLite's planner could
    walk the entries and test the MATCH row by row (seconds on a large school). PostgreSQL: the scores of the
    visible matches only (`id = ANY(%s)` is the last parameter), never of every school's."""
    from . import segment

    if vendor == "postgresql":
        expression = segment.tsquery_expression(groups, strict=strict)
        return (f"SELECT id, ts_rank(vector, to_tsquery('simple', %s)) FROM {TABLE} WHERE id = ANY(%s)",  # noqa: S608
                f"SELECT id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s)", [expression])  # noqa: S608
    expression = segment.fts5_expression(groups, strict=strict)
    where = f"FROM {FTS} WHERE {FTS} MATCH %s"
    return f"SELECT rowid, -bm25({FTS}) {where}", f"SELECT rowid {where}", [expression]  # noqa: S608


def ranked_ids(qs: QuerySet, groups: list[list[str]], *, strict: bool) -> list[int]:
    """The ids of the entries of `qs` (already scoped) that match, best first (then the newer first). Two
    queries: the visible matches (the scope's subqueries and the MATCH, once each), then their scores."""
    from django.db.models.expressions import RawSQL

    connection = connections[qs.db]
    scored_sql, ids_sql, params = match_sql(connection.vendor, groups, strict=strict)
    visible = list(qs.filter(id__in=RawSQL(ids_sql, params)).values_list("id", flat=True))  # noqa: S611 - fixed SQL
    if not visible:
        return []
    with connection.cursor() as cursor:
        cursor.execute(scored_sql, [*params, visible] if connection.vendor == "postgresql" else params)
        scores = dict(cursor.fetchall())
    return sorted(visible, key=lambda pk: (-scores.get(pk, 0.0), -pk))
