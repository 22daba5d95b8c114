"""GB 11643-1999 resident ID-card numbers: the checksum, birth date and gender (xinhuo/core/idcard.py).

The property tests compute the check character with an independent formula (ISO 7064 MOD 11-2:
weights 2^(17-i) mod 11, check value (12 - sum) mod 11, 10 written as X) instead of the module's
own tables, so a wrong table in idcard.py cannot agree with itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from xinhuo.core import idcard


def reference_check(first17: str) -> str:
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def valid_numbers(draw) -> str:
    first17 = f"{draw(regions)}{draw(births):%Y%m%d}{draw(sequences):03d}"
    return first17 + reference_check(first17)


# --- known numbers, check characters worked out by hand -------------------------------------------

# 11010519491231002X, the standard's own example (Beijing Chaoyang, born 1949-12-31, a woman):
#   digits   1 1  0 1 0 5 1 9 4 9 1 2  3 1 0 0 2
#   weights  7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
#   products 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> "10X98765432"[2] = X
# 440524188001010014 (Guangdong, born 1880-01-01, a man):
#   products 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 -> "10X98765432"[8] = 4
KNOWN = [
    ("11010519491231002X", dt.date(1949, 12, 31), "F"),
    ("440524188001010014", dt.date(1880, 1, 1), "M"),
]


@pytest.mark.parametrize(("number", "born", "sex"), KNOWN)
def test_known_numbers(number, born, sex):
    assert idcard.check_char(number[:17]) == number[17]
    assert idcard.is_valid(number)
    assert idcard.birth_date(number) == born
    assert idcard.gender(number) == sex


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # the standard's example with 1 in place of its X
        "440524188001010015",  # last digit off by one
        "11010519491231002",  # 17 characters
        "11010519491231002XX",  # 19 characters
        "1101051949123100X2",  # X only allowed last
        "11010519491231002Y",
        "11010519491231 02X",
        "",
    ],
)
def test_known_bad_numbers(number):
    assert not idcard.is_valid(number)


def test_lower_case_x_and_surrounding_spaces_are_normalised():
    assert idcard.is_valid("11010519491231002x")
    assert idcard.is_valid("  11010519491231002X \n")


def test_make_builds_valid_numbers_with_the_gender_parity():
    born = dt.date(2013, 5, 1)
    for seq in range(100):
        for male in (True, False):
            number = idcard.make("110101", born, seq, male)
            assert idcard.is_valid(number), number
            assert idcard.birth_date(number) == born
            assert idcard.gender(number) == ("M" if male else "F")


# --- properties -------------------------------------------------------------------------------


@given(valid_numbers())
@example("11010519491231002X")
def test_any_valid_number_validates(number):
    assert idcard.is_valid(number)
    assert idcard.check_char(number[:17]) == number[17]
    assert idcard.birth_date(number) == dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert idcard.gender(number) == ("M" if int(number[16]) % 2 else "F")


@st.composite
def numbers_ending_in_x(draw) -> str:
    """Choose the 17th digit so that the check character is X (possible for 10 prefixes in 11)."""
    first16 = f"{draw(regions)}{draw(births):%Y%m%d}{draw(st.integers(0, 99)):02d}"
    ending = [first16 + str(d) for d in range(10) if reference_check(first16 + str(d)) == "X"]
    assume(ending)
    return ending[0] + "X"


@given(numbers_ending_in_x())
def test_lower_case_x_is_accepted(number):
    assert idcard.is_valid(number)
    assert idcard.is_valid(number.lower())
    assert idcard.is_valid(f" {number.lower()} ")


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_changing_any_single_character_invalidates(number, position, replacement):
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1:]
    assert not idcard.is_valid(changed), f"{number} -> {changed}"


@given(valid_numbers(), st.integers(min_value=0, max_value=15))
def test_swapping_two_adjacent_different_digits_invalidates(number, position):
    """A transposition, the other typo people make when copying a number."""
    a, b = number[position], number[position + 1]
    assume(a != b)
    swapped = number[:position] + b + a + number[position + 2:]
    assert not idcard.is_valid(swapped)


IMPOSSIBLE_DATES = st.one_of(
    st.tuples(st.integers(1900, 2025), st.sampled_from([0, 13, 19, 99]), st.integers(1, 28)),  # no such month
    st.tuples(st.integers(1900, 2025), st.integers(1, 12), st.sampled_from([0, 32, 99])),  # no such day
    st.tuples(st.integers(1900, 2025), st.sampled_from([4, 6, 9, 11]), st.just(31)),  # 30-day months
    st.tuples(st.integers(1900, 2025), st.just(2), st.sampled_from([30, 31])),
    st.tuples(st.integers(1900, 2025).filter(lambda y: not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))),
              st.just(2), st.just(29)),  # 29 February outside leap years (1900 is not one)
    st.tuples(st.just(0), st.integers(1, 12), st.integers(1, 28)),  # year 0000
)


@given(regions, IMPOSSIBLE_DATES, sequences)
@example("110105", (1900, 2, 29), 2)
@example("110105", (2023, 2, 29), 2)
def test_impossible_birth_dates_are_rejected_even_with_a_correct_check_character(region, ymd, seq):
    y, m, d = ymd
    first17 = f"{region}{y:04d}{m:02d}{d:02d}{seq:03d}"
    number = first17 + reference_check(first17)
    assert idcard.birth_date(number) is None
    assert not idcard.is_valid(number)


def test_29_february_of_a_leap_year_is_a_real_date():
    first17 = "11010520000229002"
    assert idcard.is_valid(first17 + reference_check(first17))
    assert idcard.birth_date(first17 + "0") == dt.date(2000, 2, 29)


# --- strictness: ASCII digits only, no birth date in the future -----------------------------------


def test_only_ascii_digits_are_accepted():
    number = "11010520130501108X"
    assert idcard.is_valid(number)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    assert not idcard.is_valid(full_width)


def test_a_birth_date_in_the_future_is_rejected():
    first17 = f"110105{dt.date.today().year + 5}0101002"
    assert not idcard.is_valid(first17 + reference_check(first17))


def test_born_today_is_valid_and_tomorrow_is_not():
    today = dt.date.today()
    assert idcard.is_valid(idcard.make("110105", today, 3, True))
    assert idcard.birth_date(idcard.make("110105", today, 3, True)) == today
    tomorrow = f"110105{(today + dt.timedelta(days=1)):%Y%m%d}003"
    assert not idcard.is_valid(tomorrow + reference_check(tomorrow))
