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
            # Keep the tsvector in the row (compressed), moving the long text and body out first: ranking reads
            # every match's vector, and out of line that was ~3 TOAST pages a match (5,700 buffers and twice the
            # time for a common word on the large school). Rows written before take it at the next rebuild.
            cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'vector'",
                           [TABLE])
            if cursor.fetchone() != ("m",):
                cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE MAIN")


def post_migrate(sender, using="default", **kwargs) -> None:
    ensure_schema(using)


def matches(qs: QuerySet, groups: list[list[str]], *, strict: bool) -> list[tuple[int, str, int, float]]:
    """SQLite: the entries of `qs` that match the words: (id, kind, object_id, score), higher score better,
    unordered. (PostgreSQL matches and scopes in one query: visible_matches.)

    The MATCH drives both queries, so their cost follows the number of matches, not of entries: the FTS5 table is
    asked alone (joined to the entries, SQLite's planner may walk the entries and test the MATCH row by row: seconds
    on a large school) and the entries read by those ids."""
    from . import segment

    connection = connections[qs.db]
    from django.db.models.expressions import RawSQL

    expression = segment.fts5_expression(groups, strict=strict)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, -bm25({FTS}) FROM {FTS} WHERE {FTS} MATCH %s", [expression])  # noqa: S608
        scores = dict(cursor.fetchall())
    if not scores:
        return []
    ids = RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [expression])  # noqa: S608, S611
    return [(pk, kind, object_id, scores.get(pk, 0.0))
            for pk, kind, object_id in qs.filter(id__in=ids).values_list("id", "kind", "object_id")]


def scopes_in_the_query(qs: QuerySet) -> bool:
    """PostgreSQL plans the match (GIN) and the kinds' scopes together; SQLite's planner would test the MATCH row by
    row when they are joined, so there the scopes are asked afterwards about the matched items (selectors)."""
    return connections[qs.db].vendor == "postgresql"


def visible_matches(qs: QuerySet, groups: list[list[str]], scopes: list[tuple[str, QuerySet]], *,
                    strict: bool) -> list[tuple[int, str, float]]:
    """PostgreSQL: the entries of `qs` that match the words and that their kind's scope (a values("pk") queryset of
    the app's selectors) shows: (id, kind, score). One query; the unseen are never read."""
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F, Q

    from . import segment

    if not scopes:
        return []
    seen = Q()
    for kind, visible in scopes:
        seen |= Q(kind=kind, object_id__in=visible)
    query = SearchQuery(segment.tsquery_expression(groups, strict=strict), search_type="raw", config="simple")
    sql, params = (qs.filter(seen, vector=query).annotate(score=SearchRank(F("vector"), query))
                   .values_list("id", "kind", "score").query.sql_with_params())
    # plain rows: a common word matches ~1,700 entries, and the ORM's per-value converters cost ~1 ms of them
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def analyze() -> None:
    """Fresh planner statistics after a bulk rebuild (PostgreSQL would otherwise plan on an empty table's)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
