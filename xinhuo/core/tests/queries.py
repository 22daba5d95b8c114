"""What the list pages' query-count tests share."""

from __future__ import annotations


def rows_add_no_query(small: list[str], large: list[str]) -> bool:
    """The same queries with more rows, except the one COUNT a list longer than a page needs: core.web.paginate
    reads a short first page without counting (its rows are the count)."""
    def split(sql: list[str]) -> tuple[int, int]:
        counts = sum(q.startswith('SELECT COUNT(*) AS "__count"') for q in sql)
        return counts, len(sql) - counts

    (small_counts, small_other), (large_counts, large_other) = split(small), split(large)
    return small_other == large_other and large_counts - small_counts in (0, 1)
