"""Small-group and complementary suppression (profiles/suppression.py): what is shown is true, nothing under 5 is
shown, and no hidden entry can be got back from what is shown, by one subtraction or by all the totals together."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinhuo.evaluation.profiles.suppression import lines, suppress_linked, suppress_table, suppress_value


def grid_of(t):
    return [[*row, rt] for row, rt in zip(t.cells, t.row_totals, strict=True)] + [[*t.col_totals, t.total]]


def truth(counts):
    rows = [[*row, sum(row)] for row in counts]
    return rows + [[sum(col) for col in zip(*counts, strict=True)] + [sum(map(sum, counts))]]


def pinned(eqs: list[list[Fraction]]) -> list[int]:
    """The unknowns the homogeneous system fixes: zero in every vector of its null space (exact fractions, the
    null space built from the reduced form's free columns; the module works modulo a prime, by pivot rows)."""
    m = [list(r) for r in eqs]
    n = len(m[0]) if m else 0
    pivots: list[int] = []
    rk = 0
    for col in range(n):
        piv = next((i for i in range(rk, len(m)) if m[i][col] != 0), None)
        if piv is None:
            continue
        m[rk], m[piv] = m[piv], m[rk]
        m[rk] = [v / m[rk][col] for v in m[rk]]
        for i in range(len(m)):
            if i != rk and m[i][col] != 0:
                f = m[i][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[rk], strict=True)]
        pivots.append(col)
        rk += 1
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        v = [Fraction(0)] * n
        v[free] = Fraction(1)
        for row, col in enumerate(pivots):
            v[col] = -m[row][free]
        basis.append(v)
    return [k for k in range(n) if all(v[k] == 0 for v in basis)]


def recoverable(counts, t) -> list[tuple[int, int]]:
    """Hidden entries the shown ones and the table's equations pin down."""
    g = grid_of(t)
    r, c = len(counts), len(counts[0])
    hidden = [(i, j) for i in range(r + 1) for j in range(c + 1) if g[i][j] is None]
    if not hidden:
        return []
    eqs = [[Fraction((p in entries) - (p == total)) for p in hidden] for entries, total in lines(r, c)]
    return [hidden[k] for k in pinned(eqs)]


def check(counts, t=None) -> None:
    t = t or suppress_table(counts)
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


def linked(x: list[list[int]], grade_of: list[int]):
    """Groups × classes counts `x` as the page's two tables: groups × grades and classes × groups."""
    grades = sorted(set(grade_of))
    by_grade = [[sum(v for v, g in zip(row, grade_of, strict=True) if g == gr) for gr in grades] for row in x]
    by_class = [list(col) for col in zip(*x, strict=True)]
    return by_grade, by_class


def check_linked(x, grade_of) -> None:
    by_grade, by_class = linked(x, grade_of)
    grades = sorted(set(grade_of))
    first, second = suppress_linked(by_grade, by_class, [grades.index(g) for g in grade_of])
    check(by_grade, first)
    check(by_class, second)
    # a group's size is shown in both tables or in neither
    assert [v is None for v in first.row_totals] == [v is None for v in second.col_totals]
    # and nothing hidden follows from both tables together
    assert joint_recoverable(by_grade, by_class, [grades.index(g) for g in grade_of], first, second) == []


def joint_recoverable(by_grade, by_class, grade_of, first, second) -> list:
    """Hidden entries of either table pinned down by both tables' lines and the links between them (a group's
    count in a grade is its counts in the grade's classes), by the same independent rank test."""
    ga, gb = grid_of(first), grid_of(second)
    ra, ca, rb, cb = len(by_grade), len(by_grade[0]), len(by_class), len(by_class[0])
    hidden = [("a", i, j) for i in range(ra + 1) for j in range(ca + 1) if ga[i][j] is None]
    hidden += [("b", i, j) for i in range(rb + 1) for j in range(cb + 1) if gb[i][j] is None]
    eqs_lines = [([("a", *p) for p in e], ("a", *t)) for e, t in lines(ra, ca)]
    eqs_lines += [([("b", *p) for p in e], ("b", *t)) for e, t in lines(rb, cb)]
    for j in range(ca + 1):
        ks = [k for k in range(rb) if j == ca or grade_of[k] == j]
        for g in range(ra + 1):
            eqs_lines.append(([("b", k, g if g < ra else cb) for k in ks], ("a", g, j)))
    if not hidden:
        return []
    eqs = [[Fraction((p in e) - (p == t)) for p in hidden] for e, t in eqs_lines]
    return [hidden[k] for k in pinned(eqs)]


def test_a_group_size_hidden_by_one_table_is_hidden_by_the_other():
    x = [[0, 1, 0, 2, 0], [0, 2, 0, 5, 6], [5, 3, 3, 5, 2], [3, 8, 8, 8, 2], [1, 1, 8, 0, 3]]
    grade_of = [1, 0, 3, 0, 2]
    by_grade, by_class = linked(x, grade_of)
    # apart, the grades table hides the last group's 13 and the classes table shows it
    assert suppress_table(by_grade).row_totals[4] is None and suppress_table(by_class).col_totals[4] == 13
    check_linked(x, grade_of)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4).flatmap(lambda g: st.integers(1, 5).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.sampled_from([0, 0, 1, 2, 3, 5, 6, 8]), min_size=k, max_size=k), min_size=g, max_size=g),
    st.lists(st.integers(0, 2), min_size=k, max_size=k)))))
def test_linked_tables_agree_and_give_nothing_away(data):
    check_linked(*data)
