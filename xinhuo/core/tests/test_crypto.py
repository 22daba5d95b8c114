"""Encryption at rest and blind indexes (xinhuo/core/crypto.py and the encrypted model fields).

The database must never hold an ID-card number, phone number or address in clear; equality
look-ups go through a keyed hash (blind index) of the normalised value, keyed from settings.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from conftest import make_guardian
from xinhuo.core.crypto import blind_index, id_card_index, normalise_phone, phone_index
from xinhuo.core.models import User
from xinhuo.people.models import Guardian, Staff, Student

PHONE = "13812345678"
PHONE_FORMATS = ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
                 "0086 13812345678", "(+86) 138-1234-5678", " 13812345678 "]


@pytest.mark.parametrize("formatted", PHONE_FORMATS)
def test_phone_formats_normalise_to_the_same_digits_and_index(formatted):
    assert normalise_phone(formatted) == PHONE
    assert phone_index(formatted) == phone_index(PHONE)


def test_different_numbers_have_different_indexes():
    assert phone_index("13812345678") != phone_index("13812345679")
    assert id_card_index("11010519491231002X") != id_card_index("440524188001010014")


def test_id_card_index_ignores_case_of_x_and_spaces():
    assert id_card_index(" 11010519491231002x ") == id_card_index("11010519491231002X")


def test_the_index_is_a_keyed_hash_not_the_value():
    index = phone_index(PHONE)
    assert len(index) == 64 and all(c in "0123456789abcdef" for c in index)
    assert PHONE not in index


def test_kinds_are_separated():
    """The same digits as a phone and as an ID-card number do not collide."""
    assert blind_index("phone", "440524188001010014") != blind_index("id_card", "440524188001010014")


def test_empty_values_have_no_index():
    assert phone_index("") == "" and phone_index(None) == ""
    assert id_card_index("") == "" and id_card_index(None) == ""


def test_a_different_key_gives_a_different_index():
    before = phone_index(PHONE), id_card_index("11010519491231002X")
    with override_settings(XINHUO_INDEX_KEY="another-deployment's-key"):
        after = phone_index(PHONE), id_card_index("11010519491231002X")
    assert before[0] != after[0] and before[1] != after[1]
    assert phone_index(PHONE) == before[0]  # back to the first key: same index again


# --- at rest ----------------------------------------------------------------------------------------


def raw_row(model, pk, *columns) -> dict[str, str | None]:
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - names from _meta
        row = cursor.fetchone()
    return dict(zip(columns, row, strict=True))


def assert_not_in_clear(stored: str | None, *plain: str) -> None:
    assert stored, "the column is empty: nothing was stored"
    for value in plain:
        assert value not in stored
    # not even a recognisable fragment: the region code, the birth date, the last four digits
    for value in plain:
        for fragment in {value[:6], value[-4:]} if len(value) >= 10 else set():
            assert fragment not in stored


def test_student_id_card_and_address_are_encrypted_at_rest(world):
    s = world.student_x
    raw = raw_row(Student, s.pk, "id_card", "address")
    assert_not_in_clear(raw["id_card"], s.id_card, s.id_card[6:14])
    assert raw["address"] and "北京" not in raw["address"] and "和平街" not in raw["address"]
    fresh = Student.objects.get(pk=s.pk)
    assert fresh.id_card == s.id_card and len(fresh.id_card) == 18
    assert fresh.address == "北京市东城区和平街1号3栋201室"


def test_guardian_staff_and_user_phones_are_encrypted_at_rest(world):
    for model, obj, plain in [
        (Guardian, world.guardian_x, "13812345678"),
        (Staff, world.staff_a, "13512345678"),
        (User, world.users["director"], "13900000001"),
    ]:
        raw = raw_row(model, obj.pk, "phone", "phone_index")
        assert_not_in_clear(raw["phone"], plain)
        assert raw["phone_index"] == phone_index(plain)
        assert model.objects.get(pk=obj.pk).phone == plain


def test_equal_values_do_not_give_equal_ciphertexts(world):
    """Fernet uses a fresh IV: two rows with the same phone cannot be matched by their ciphertext."""
    twin = make_guardian(world.school, "张二明", "13812345678")
    a = raw_row(Guardian, world.guardian_x.pk, "phone")["phone"]
    b = raw_row(Guardian, twin.pk, "phone")["phone"]
    assert a != b
    assert Guardian.objects.get(pk=twin.pk).phone == Guardian.objects.get(pk=world.guardian_x.pk).phone


def test_lookups_by_blind_index_find_the_row_from_any_format(world):
    for formatted in ("+86 138-1234-5678", "138 1234 5678"):
        assert list(Guardian.objects.filter(phone_index=phone_index(formatted))) == [world.guardian_x]
    assert User.objects.get(phone_index=phone_index("+86 139 0000 0001")) == world.users["director"]
    assert Student.objects.get(id_card_index=id_card_index(world.student_x.id_card.lower())) == world.student_x


def test_student_id_card_is_stored_normalised(world):
    """A lower-case x typed in is saved upper-case, and its index matches the upper-case form."""
    first17 = "11010520130501025"
    s = Student.objects.create(school=world.school, school_class=world.class_a, student_no="2026099",
                               name="钱小东", gender="M", id_card=f" {first17}x ")
    fresh = Student.objects.get(pk=s.pk)
    assert fresh.id_card == f"{first17}X"
    assert fresh.id_card_index == id_card_index(f"{first17}X")


def test_changing_a_phone_updates_its_index(world):
    g = world.guardian_x
    g.phone = "+86 186 0000 1111"
    g.save()
    raw = raw_row(Guardian, g.pk, "phone_index")
    assert raw["phone_index"] == phone_index("18600001111")
    assert not Guardian.objects.filter(phone_index=phone_index("13812345678")).exists()
    g.phone = ""
    g.save()
    assert raw_row(Guardian, g.pk, "phone_index")["phone_index"] == ""
