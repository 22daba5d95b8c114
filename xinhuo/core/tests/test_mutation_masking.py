"""The boundaries of masking that mutation testing found unasserted (issue 21, `make mutate`): where a value stops
being hidden whole."""

from __future__ import annotations

from xinhuo.core.masking import audit_mask, mask_id_card


def test_an_id_card_value_up_to_ten_characters_is_hidden_whole_from_eleven_region_and_last_four_show():
    assert mask_id_card("1101051949") == "*" * 10
    assert mask_id_card("11010519491") == "110105*9491"


def test_an_audit_diff_hides_a_value_of_eight_characters_whole():
    """Its last four would be half of it: an eight-digit landline or an eight-character address."""
    assert audit_mask("65123456") == "********"
    assert audit_mask("北京市东城区东四") == "********"
    assert audit_mask("065123456") == "*****3456"
