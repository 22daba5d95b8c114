"""Validators for the Chinese formats users type (mobile numbers; ID-card numbers: core.idcard), the services'
shared refusals, and the check that what a service is given belongs to the actor's school."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .crypto import normalise_phone

MOBILE = re.compile(r"^1[3-9]\d{9}$")

# Every free-text column has a max_length (core/tests/test_text_limits.py walks the models): forms and the API's
# ModelSerializers take it from there, and the services refuse longer text (clean_text). TEXT_MAX is the limit of a
# note, comment or finding that has no reason for another; DOCUMENT_MAX the most any text may hold (a handbook, a
# news article).
TEXT_MAX = 5000
DOCUMENT_MAX = 20000


def clean_mobile(value: str) -> str:
    """Normalise (spaces, dashes, +86) and check a mainland mobile number; '' stays ''."""
    if not value or not value.strip():
        return ""
    number = normalise_phone(value)
    if not MOBILE.match(number):
        raise ValidationError(_("Enter an 11-digit mobile number starting with 1, e.g. 13812345678."), code="mobile")
    return number


# the services' shared refusals (each app's services.py collects errors by field, then raises once)


def choose_one_of(choices) -> str:
    """The refusal for a value outside a TextChoices: names the allowed ones, in Chinese."""
    return gettext("Choose one of: %(allowed)s.") % {"allowed": "、".join(str(label) for label in choices.labels)}


def too_long(limit: int, text: str) -> str:
    return gettext("At most %(n)d characters (now %(len)d).") % {"n": limit, "len": len(text)}


def clean_text(value: str | None, limit: int, key: str, errors: dict) -> str:
    """The stripped text; a refusal under `key` in `errors` when it is longer than `limit`."""
    text = (value or "").strip()
    if len(text) > limit:
        errors[key] = too_long(limit, text)
    return text


def clean_decimal(value, quantum: str, key: str, message: str, errors: dict) -> Decimal | None:
    """The number rounded to `quantum` ("0.01" for yuan), None when left empty; `message` under `key` in `errors`
    (and None) when it is not a number."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal(quantum))
    except (InvalidOperation, ValueError):
        errors[key] = message
        return None


# the school an object belongs to


def of_school(actor_or_school, *objs) -> bool:
    """Whether every one of `objs` (None skipped: an optional choice left empty) belongs to the actor's school, or
    to the school given (a School or its id)."""
    if isinstance(actor_or_school, int):
        school_id = actor_or_school
    else:
        school_id = getattr(actor_or_school, "school", actor_or_school).pk
    return all(obj.school_id == school_id for obj in objs if obj is not None)


def same_school(actor_or_school, *objs, message: str | dict | None = None) -> None:
    """Refuse objects of another school than the actor's or the one given (None skipped). Without a message the
    refusal is Http404: a record of another school does not exist for the actor; with one it is a ValidationError
    (a dict's message names its field)."""
    if of_school(actor_or_school, *objs):
        return
    if message is None:
        raise Http404
    raise ValidationError(message)
