"""Small-group suppression of a count table (DESIGN.md: no aggregate of fewer than 5 students is shown), pure.

A table is rows × columns of counts with its row totals, column totals and grand total (the margins), seen as one
(r+1)×(c+1) grid whose last row and column hold the totals. Its lines are each row with its row total, each column
with its column total, the row of column totals and the column of row totals, each closed by the grand total: the
entries of a line add up to its total.

1. Primary suppression hides every entry, cell or total, from 1 to 4.
2. Complementary suppression: in no line is exactly one entry-or-total hidden (subtraction, or addition for a
   total, would give it back), and where a line's total is shown its hidden entries never add up to 1–4 (the total
   minus the shown entries is their sum, itself a small group). A line that breaks this gets its next smallest
   shown positive entry hidden too (else a shown zero, else its total); repeated until every line holds.
3. Then no hidden entry may be determined by all the lines' equations together (a cell linking two hidden blocks
   is: a rank test over the hidden entries, modulo a large prime). One that is gets a further entry of its row hidden,
   and 2–3 run again.
Tables that show one count two ways (the page's groups × grades and classes × groups) are suppressed as one system
(suppress_linked): their lines and the links between them (a group's count in a grade is the sum of its counts in
the grade's classes) go through the same steps.
Zero stays shown when nothing forces it: that no student of a class is in a group tells nothing about one child.
Not covered: bounds an attacker may draw from counts never being negative (a hidden pair adding up to 5 holds
0–5 each); the sum rule keeps those from pointing below 5 in one line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_GROUP = 5  # DESIGN.md

Cell = int | None  # None: suppressed
Pos = tuple  # an entry's key: (i, j) in one table's grid, (table, i, j) across linked tables


def small(n: int, min_group: int = MIN_GROUP) -> bool:
    return 0 < n < min_group


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


def lines(r: int, c: int) -> list[tuple[list[Pos], Pos]]:
    """The lines of the (r+1)×(c+1) grid: (its entries, its closing total)."""
    out = [([(i, j) for j in range(c)], (i, c)) for i in range(r + 1)]
    out += [([(i, j) for i in range(r)], (r, j)) for j in range(c + 1)]
    return out


PRIME = 2**61 - 1  # elimination modulo a large prime: exact for these 0/±1 systems in practice, and fast


def determined(hidden: list[Pos], all_lines: list[tuple[list[Pos], Pos]]) -> list[Pos]:
    """The hidden entries whose value follows from the lines' equations and the shown entries: those whose unit
    vector lies in the row space of the equations restricted to the hidden entries (a pivot column of the reduced
    matrix with no free column in its row). Each line's equation, sparse: {hidden index: coefficient}."""
    index = {p: k for k, p in enumerate(hidden)}
    rows: list[dict[int, int]] = []
    for entries, total in all_lines:
        row = {index[p]: 1 for p in entries if p in index}
        if total in index:
            row[index[total]] = PRIME - 1
        if row:
            rows.append(row)
    pivot_rows: dict[int, dict[int, int]] = {}  # pivot column -> its row, reduced (pivot 1, no other pivot column)
    for row in rows:
        for col, f in list(pivot_rows.items()):  # reduce by the pivots found so far
            v = row.get(col)
            if v:
                for k, w in f.items():
                    row[k] = (row.get(k, 0) - v * w) % PRIME
                row = {k: w for k, w in row.items() if w}
        if not row:
            continue
        col = min(row)
        inv = pow(row[col], PRIME - 2, PRIME)
        row = {k: w * inv % PRIME for k, w in row.items()}
        for other in pivot_rows.values():  # keep the earlier rows free of the new pivot column
            v = other.get(col)
            if v:
                for k, w in row.items():
                    other[k] = (other.get(k, 0) - v * w) % PRIME
                for k in [k for k, w in other.items() if not w]:
                    del other[k]
        pivot_rows[col] = row
    return [hidden[col] for col, row in pivot_rows.items() if all(k in pivot_rows for k in row)]


def suppress(values: dict, all_lines: list[tuple[list[Pos], Pos]], min_group: int = MIN_GROUP,
             force: Iterable = ()) -> set:
    """The keys of `values` to hide, given the lines (entries adding up to a total) that hold among them: steps 1–3
    of the module's docstring. `force`: keys hidden from the start. Keys are tuples (compared to break ties)."""
    hide = {k for k, v in values.items() if small(v, min_group)} | set(force)

    def hide_next(entries: list, total) -> bool:
        shown = [(values[k], k) for k in entries if k not in hide]
        positive = [x for x in shown if x[0] > 0]
        if positive or shown:
            hide.add(min(positive or shown)[1])
            return True
        if total not in hide:
            hide.add(total)
            return True
        return False

    while True:
        changed = True
        while changed:
            changed = False
            for entries, total in all_lines:
                hidden = [k for k in entries if k in hide]
                total_hidden = total in hide
                if len(hidden) + total_hidden == 1 or (
                        not total_hidden and small(sum(values[k] for k in hidden), min_group)):
                    changed = hide_next(entries, total) or changed
        found = determined(sorted(hide), all_lines) if hide else []
        if not found:
            return hide
        # a further hidden entry in a line through a determined one breaks the link; failing that (its lines all
        # hidden), the smallest shown entry anywhere
        if not any(hide_next(e, t) for p in found for e, t in all_lines if p in e or p == t):
            rest = [(v, k) for k, v in values.items() if k not in hide]
            if not rest:
                return hide
            hide.add(min(rest)[1])


def _grid(counts: Sequence[Sequence[int]], name: str = "") -> tuple[dict, list, int, int]:
    """A table's entries keyed (name, i, j) on its (r+1)×(c+1) grid, and its lines."""
    r = len(counts)
    c = len(counts[0]) if r else 0
    if any(len(row) != c for row in counts):
        raise ValueError("rows of different lengths")
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(counts[i][j] for i in range(r)) for j in range(c)] + [sum(sum(row) for row in counts)])
    values = {(name, i, j): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    keyed = [([(name, i, j) for i, j in entries], (name, *total)) for entries, total in lines(r, c)]
    return values, keyed, r, c


def _table(values: dict, hide: set, name: str, r: int, c: int) -> Table:
    out = [[None if (name, i, j) in hide else values[(name, i, j)] for j in range(c + 1)] for i in range(r + 1)]
    return Table(cells=[row[:c] for row in out[:r]], row_totals=[row[c] for row in out[:r]],
                 col_totals=out[r][:c], total=out[r][c])


def suppress_table(counts: Sequence[Sequence[int]], min_group: int = MIN_GROUP) -> Table:
    """The table with primary and complementary suppression (see the module's docstring). Totals are computed
    from the counts, so they always agree with them."""
    values, keyed, r, c = _grid(counts)
    return _table(values, suppress(values, keyed, min_group), "", r, c)


def suppress_linked(by_grade: Sequence[Sequence[int]], by_class: Sequence[Sequence[int]], grade_of: Sequence[int],
                    min_group: int = MIN_GROUP) -> tuple[Table, Table]:
    """The page's two views of one count, suppressed as one system: groups × grades (`by_grade`) and classes ×
    groups (`by_class`), class k in grade column `grade_of[k]`. Besides each table's lines, a group's count in a
    grade is the sum of its counts in the grade's classes (and so a group's size, a grade's total and the grand
    total are each shown in both tables or in neither): no hidden entry of either follows from both together."""
    a, a_lines, ra, ca = _grid(by_grade, "a")
    b, b_lines, rb, cb = _grid(by_class, "b")
    links: list[tuple[list[Pos], Pos]] = []
    for j in range(ca + 1):  # a grade's column (its last: every grade) = its classes' rows
        classes = [k for k in range(rb) if j == ca or grade_of[k] == j]
        for g in range(ra + 1):  # a group's row (its last: every group) = the classes' column of it
            links.append(([("b", k, g if g < ra else cb) for k in classes], ("a", g, j)))
    values = {**a, **b}
    hide = suppress(values, [*a_lines, *b_lines, *links], min_group)
    return _table(values, hide, "a", ra, ca), _table(values, hide, "b", rb, cb)
