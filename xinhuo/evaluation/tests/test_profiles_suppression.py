"""Small-group and complementary suppression (profiles/suppression.py): what is shown is true, nothing under 5 is
shown, and no hidden entry can be got back from what is shown, by one subtraction or by all the totals together."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinhuo.evaluation.profiles.suppression import lines, suppress_table, suppress_value


def grid_of(t):
    return [[*row, rt] for row, rt in zip(t.cells, t.row_totals, strict=True)] + [[*t.col_totals, t.total]]


def truth(counts):
    rows = [[*row, sum(row)] for row in counts]
    return rows + [[sum(col) for col in zip(*counts, strict=True)] + [sum(map(sum, counts))]]


def rank(rows: list[list[Fraction]]) -> int:
    """Rank by plain elimination (written apart from the module's own test, which uses a reduced form)."""
    m = [list(r) for r in rows]
    rk, cols = 0, len(m[0]) if m else 0
    for col in range(cols):
        piv = next((i for i in range(rk, len(m)) if m[i][col] != 0), None)
        if piv is None:
            continue
        m[rk], m[piv] = m[piv], m[rk]
        for i in range(rk + 1, len(m)):
            f = m[i][col] / m[rk][col]
            m[i] = [a - f * b for a, b in zip(m[i], m[rk], strict=True)]
        rk += 1
    return rk


def recoverable(counts, t) -> list[tuple[int, int]]:
    """Hidden entries the shown ones and the table's equations pin down: e_k in the row space of the equations
    over the hidden entries iff adding it does not raise the rank."""
    g = grid_of(t)
    r, c = len(counts), len(counts[0])
    hidden = [(i, j) for i in range(r + 1) for j in range(c + 1) if g[i][j] is None]
    if not hidden:
        return []
    eqs = []
    for entries, total in lines(r, c):
        row = [Fraction(0)] * len(hidden)
        for k, p in enumerate(hidden):
            row[k] += (p in entries) - (p == total)
        eqs.append(row)
    base = rank(eqs)
    out = []
    for k, p in enumerate(hidden):
        unit = [Fraction(int(i == k)) for i in range(len(hidden))]
        if rank([*eqs, unit]) == base:
            out.append(p)
    return out


def check(counts) -> None:
    t = suppress_table(counts)
    g, real = grid_of(t), truth(counts)
    r, c = len(counts), len(counts[0])
    for i in range(r + 1):
        for j in range(c + 1):
            assert g[i][j] is None or g[i][j] == real[i][j], "a shown entry is not the count"
            assert not 0 < real[i][j] < 5 or g[i][j] is None, f"a count under 5 is shown at {(i, j)}"
    for entries, (ti, tj) in lines(r, c):
        hidden = [p for p in entries if g[p[0]][p[1]] is None]
        assert len(hidden) + (g[ti][tj] is None) != 1, f"one subtraction gives back {hidden} of {counts}"
        if g[ti][tj] is not None:
            assert not 0 < sum(real[i][j] for i, j in hidden) < 5, "the hidden ones of a line add up to under 5"
    assert recoverable(counts, t) == [], f"{counts}: the totals together give back {recoverable(counts, t)}"


@pytest.mark.parametrize("counts", [
    [[3, 10], [10, 10]],  # one small cell: a 2×2 block goes
    [[8, 0], [0, 0], [6, 3], [1, 0]],  # a small row total and a small column total
    [[12, 7, 0], [0, 0, 0]],  # nothing small: nothing hidden
    [[4]],  # one cell: it and every total
    [[0, 0], [0, 0]],
    [[2, 2, 2], [9, 9, 9], [9, 9, 9]],  # a row of small cells whose total is not small
    [[5, 5, 1], [5, 5, 5], [6, 7, 8]],
    [[20, 1, 20, 20], [20, 20, 20, 20], [20, 20, 20, 20]],
    # two lines' rules hold everywhere, yet all the totals together pin a hidden cell down (step 3 of the module)
    [[12, 0, 8, 6], [0, 8, 3, 12], [0, 3, 0, 1], [20, 20, 0, 5], [0, 0, 3, 0]],
])
def test_enumerated_tables(counts):
    check(counts)


def test_a_single_small_cell_takes_a_second_cell_not_only_itself():
    t = suppress_table([[3, 10], [10, 10]])
    assert t.cells[0][0] is None
    assert t.hidden() >= 4  # its row needs a second hidden cell, and the columns those two sit in another each
    assert t.row_totals == [13, 20] and t.total == 33  # the totals stay shown


def test_nothing_is_hidden_when_no_group_is_small():
    t = suppress_table([[12, 7, 0], [0, 0, 0]])
    assert t.hidden() == 0
    assert t.cells == [[12, 7, 0], [0, 0, 0]] and t.row_totals == [19, 0] and t.col_totals == [12, 7, 0]


def test_a_single_count_is_hidden_from_1_to_4():
    assert [suppress_value(n) for n in (0, 1, 4, 5, 17)] == [0, None, None, 5, 17]


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda r: st.integers(1, 5).flatmap(
    lambda c: st.lists(st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 15]), min_size=c, max_size=c),
                       min_size=r, max_size=r))))
def test_no_hidden_count_can_be_worked_out(counts):
    check(counts)
