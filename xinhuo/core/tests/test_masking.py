"""Masked display of sensitive values (xinhuo/core/masking.py): what a role without the need sees."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinhuo.core.masking import audit_mask, mask, mask_address, mask_id_card, mask_phone

ID_CARD = "110101201305011234"
PHONE = "13812345678"
ADDRESS = "北京市东城区和平街1号3栋201室"


def test_id_card_keeps_region_and_last_four():
    assert mask_id_card(ID_CARD) == "110101********1234"
    assert mask_id_card("11010519491231002X") == "110105********002X"


def test_old_fifteen_digit_id_card_hides_the_birth_date_too():
    assert mask_id_card("110105491231002") == "110105*****1002"


def test_phone_keeps_prefix_and_last_four():
    assert mask_phone(PHONE) == "138****5678"


@pytest.mark.parametrize(("phone", "masked"), [("6512345", "****345"), ("65123456", "****3456"),
                                                ("0106512345", "******2345"), ("01065123456", "010****3456")])
def test_a_landline_hides_at_least_four_digits(phone, masked):
    assert mask_phone(phone) == masked


def test_address_keeps_only_the_start():
    masked = mask_address(ADDRESS)
    assert masked == "北京市东城****"  # a third of it, at most six characters
    assert mask_address("北京市东城区和平街1号3栋201室及附近的小区") == "北京市东城区****"
    assert mask_address("北京") == "北****"
    assert masked.startswith("北京市")
    assert masked.endswith("****")
    for detail in ("和平街", "1号", "3栋", "201"):
        assert detail not in masked


@pytest.mark.parametrize("fn", [mask_id_card, mask_phone, mask_address])
@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_mask_to_empty(fn, empty):
    assert fn(empty) == ""


@pytest.mark.parametrize(("fn", "value"), [(mask_id_card, "1101011234"), (mask_phone, "123456")])
def test_short_values_are_hidden_entirely(fn, value):
    assert fn(value) == "*" * len(value)


def test_mask_dispatches_by_field():
    assert mask("id_card", ID_CARD) == "110101********1234"
    assert mask("phone", PHONE) == "138****5678"
    assert mask("address", ADDRESS) == mask_address(ADDRESS)
    with pytest.raises(KeyError):
        mask("password", "secret")


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_any_mobile_number_shows_only_seven_of_its_digits(phone):
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[-4:]
    assert sum(ch.isdigit() for ch in masked) == 7


@given(st.from_regex(r"[1-8][0-9]{16}[0-9X]", fullmatch=True))
def test_any_id_card_hides_birth_date_and_sequence(number):
    masked = mask_id_card(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8
    assert len(masked) == 18


def test_model_properties_use_the_masks(world):
    assert world.guardian_x.masked_phone == "138****5678"
    assert world.users["director"].masked_phone == "139****0001"
    assert world.staff_a.masked_phone == "135****5678"


# --- where a value stops being hidden whole (mutation testing, issue 21) ---

def test_an_id_card_value_up_to_ten_characters_is_hidden_whole_from_eleven_region_and_last_four_show():
    assert mask_id_card("1101051949") == "*" * 10
    assert mask_id_card("11010519491") == "110105*9491"


def test_an_audit_diff_hides_a_value_of_eight_characters_whole():
    """Its last four would be half of it: an eight-digit landline or an eight-character address."""
    assert audit_mask("65123456") == "********"
    assert audit_mask("北京市东城区东四") == "********"
    assert audit_mask("065123456") == "*****3456"
