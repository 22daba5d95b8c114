"""ID-card numbers built for demo data and tests (idcard.make) stay valid at the edges mutation testing found
(issue 21, `make mutate`): a sequence past 99 wraps, and a malformed region is refused, never turned into a
number that looks real but is not."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.core import idcard

BORN = dt.date(2013, 5, 1)


@pytest.mark.parametrize("sequence", [100, 199, 12345])
def test_a_sequence_past_99_wraps_to_a_valid_number(sequence):
    number = idcard.make("110105", BORN, sequence, male=True)
    assert idcard.is_valid(number)
    assert number == idcard.make("110105", BORN, sequence % 100, male=True)
    assert idcard.gender(number) == "M"


@pytest.mark.parametrize("region", ["1101", "1101050"])
def test_a_region_that_is_not_six_digits_is_refused(region):
    with pytest.raises(ValueError):
        idcard.make(region, BORN, 1, male=False)


def test_the_check_character_needs_exactly_17_digits():
    with pytest.raises(ValueError):
        idcard.check_char("1101051949123100")
    with pytest.raises(ValueError):
        idcard.check_char("110105194912310021")
