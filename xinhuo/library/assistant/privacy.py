"""Personal data in a question: ID-card numbers and mainland mobile numbers. A question holding one is refused
before anything else reads it (no search, no model), and only its masked form is logged.

Numbers are looked for with spaces and dashes between digits taken out ("138 1234 5678" is a phone too). Any
18-character ID shape is refused, a wrong check digit included: a mistyped ID card is still someone's."""

from __future__ import annotations

import re

from xinhuo.core.masking import mask_id_card, mask_phone

ID_CARD = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_JOINERS = re.compile(r"(?<=[0-9])[\s\-－—]+(?=[0-9Xx])")


def _squeezed(text: str) -> str:
    return _JOINERS.sub("", text)


def personal_data(text: str) -> list[str]:
    """The kinds of personal number found: "id_card", "phone" (each once)."""
    text = _squeezed(text or "")
    found = []
    if ID_CARD.search(text):
        found.append("id_card")
    if PHONE.search(ID_CARD.sub(" ", text)):
        found.append("phone")
    return found


def masked(text: str) -> str:
    """The text with every ID-card and phone number masked (for the log)."""
    text = _squeezed(text or "")
    text = ID_CARD.sub(lambda m: mask_id_card(m.group(0).upper()), text)
    return PHONE.sub(lambda m: mask_phone(m.group(0)), text)
