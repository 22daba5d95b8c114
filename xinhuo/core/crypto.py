"""Blind indexes: keyed hashes of normalised values kept beside encrypted columns.

They let equality look-ups (duplicate ID-card numbers, login by mobile) run as indexed
queries without decrypting every row. The key comes from settings, never the code.
"""

import hashlib
import hmac

from django.conf import settings


def normalise_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits.replace("+", "")


def normalise_id_card(value: str) -> str:
    return value.strip().upper()


def blind_index(kind: str, value: str | None) -> str:
    """A hex HMAC of the normalised value; '' for an empty value."""
    if not value:
        return ""
    key = settings.XINHUO_INDEX_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def phone_index(value: str | None) -> str:
    return blind_index("phone", normalise_phone(value or ""))


def id_card_index(value: str | None) -> str:
    return blind_index("id_card", normalise_id_card(value or ""))
