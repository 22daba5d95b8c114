"""Small-group suppression of a count table (DESIGN.md: no aggregate of fewer than 5 students is shown), pure.

A table is rows × columns of counts with its row totals, column totals and grand total (the margins). Primary
suppression hides every entry — cell or total — from 1 to 4. Complementary suppression then makes sure no hidden
entry can be got back by subtraction: in every line (a row with its row total, a column with its column total, the
row of column totals and the column of row totals, each closed by the grand total) whose closing total is shown,
the hidden entries are never exactly one and never add up to 1–4 (the sum of the hidden ones is what the total
minus the shown ones gives). Where a line breaks that, the next smallest shown positive entry of the line is
hidden too, or, when none is left, the line's total; repeated until every line holds. Zero stays shown: that no
student of a class is in a group tells nothing about one child.

Not covered: combinations of several lines' equations beyond one subtraction (a hidden cell that is the only link
between two hidden blocks); with the two-per-line rule such patterns need unusual tables and are not searched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_GROUP = 5  # DESIGN.md

Cell = int | None  # None: suppressed


def small(n: int) -> bool:
    return 0 < n < MIN_GROUP


def suppress_value(n: int) -> Cell:
    """One count on its own (no total beside it)."""
    return None if small(n) else n


@dataclass
class Table:
    """A suppressed table: each entry an int, or None where hidden."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    col_totals: list[Cell]
    total: Cell

    def hidden(self) -> int:
        entries = [*(c for row in self.cells for c in row), *self.row_totals, *self.col_totals, self.total]
        return sum(1 for c in entries if c is None)


def _lines(r: int, c: int) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """The lines of the (r+1)×(c+1) grid whose last row and column hold the totals: (entries, closing total)."""
    out = [([(i, j) for j in range(c)], (i, c)) for i in range(r + 1)]
    out += [([(i, j) for i in range(r)], (r, j)) for j in range(c + 1)]
    return out


def suppress_table(counts: Sequence[Sequence[int]], min_group: int = MIN_GROUP) -> Table:
    """The table with primary and complementary suppression (see the module's docstring). Totals are computed
    from the counts, so they always agree with them."""
    r = len(counts)
    c = len(counts[0]) if r else 0
    if any(len(row) != c for row in counts):
        raise ValueError("rows of different lengths")
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(counts[i][j] for i in range(r)) for j in range(c)] + [sum(sum(row) for row in counts)])
    hide = [[0 < v < min_group for v in row] for row in grid]
    lines = _lines(r, c)
    changed = True
    while changed:
        changed = False
        for entries, (ti, tj) in lines:
            if hide[ti][tj]:
                continue  # no total to subtract from
            hidden = [(i, j) for i, j in entries if hide[i][j]]
            if not hidden:
                continue
            if len(hidden) != 1 and not (0 < sum(grid[i][j] for i, j in hidden) < min_group):
                continue
            shown = [(grid[i][j], i, j) for i, j in entries if not hide[i][j] and grid[i][j] > 0]
            if shown:
                _v, i, j = min(shown)
                hide[i][j] = True
            else:
                hide[ti][tj] = True
            changed = True
    out = [[None if hide[i][j] else grid[i][j] for j in range(c + 1)] for i in range(r + 1)]
    return Table(cells=[row[:c] for row in out[:r]], row_totals=[row[c] for row in out[:r]],
                 col_totals=out[r][:c], total=out[r][c])
