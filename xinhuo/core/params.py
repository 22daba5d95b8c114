"""One way to read ids and bounded numbers from a request: path ids, query parameters and request bodies.

A row id is a positive 64-bit integer (SQLite's INTEGER, PostgreSQL's bigint). A value past that range is not a
missing row but a crash: SQLite raises OverflowError and PostgreSQL "out of range" before any query runs, and
Django guards only plain integer columns, not foreign keys or `__in`. So every id taken from a request is
checked here first: a bad path id answers 404, a bad query or body id 400 with a message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError

ID_MAX = 2**63 - 1  # the largest value of a 64-bit signed integer column
INT_MAX = 2**31 - 1  # the largest value of an integer column on PostgreSQL (a count, seconds, a position)
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII only: str.isdigit() also accepts "²", which int() refuses

# Dates the platform accepts: Python's date reaches year 9999, but the calendar (lunar dates, holidays) and
# people's records have no meaning far outside this, and the lunar calendar breaks on them.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def parse_id(value: Any) -> int | None:
    """The id in `value` (an int or a string of ASCII digits) if it can name a row, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= ID_MAX else None


def query_id(params: Mapping[str, Any], name: str) -> int | None:
    """The id in query parameter `name`: None when absent or empty, a 400 (DRF) when it is not an id."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    number = parse_id(raw)
    if number is None:
        raise DRFValidationError({name: [_("%(name)s must be the id of a record (a positive whole number).")
                                          % {"name": name}]})
    return number


def page_id(params: Mapping[str, Any], name: str) -> int | None:
    """Like query_id for a page's filter: a bad value is ignored (the page shows everything) rather than
    refused, as a hand-edited address should still open the page."""
    return parse_id(params.get(name))


def refuse_nul(params: Any) -> None:
    """A 400 for a NUL character in a query parameter (name or value): PostgreSQL text cannot hold one, so a
    search for it would fail in the database. Form and serializer fields refuse it already (Django's
    ProhibitNullCharactersValidator); query parameters read by hand did not."""
    for name, values in params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise DRFValidationError({name.replace("\x00", ""): [_("Null characters are not allowed.")]})


def path_id_or_none(kwargs: Mapping[str, Any]) -> str | None:
    """The name of the first id in a URL's captured `kwargs` (pk, or a name ending in pk/_id) that cannot name a
    row, else None."""
    for name, value in kwargs.items():
        if (name == "pk" or name.endswith(("pk", "_id"))) and parse_id(value) is None:
            return name
    return None


class IdField(serializers.IntegerField):
    """A row id in a request body: a positive integer within the database's range."""

    default_error_messages = {key: gettext_lazy("Give the id of a record (a positive whole number).")
                              for key in ("invalid", "min_value", "max_value", "max_string_length")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


def id_list(**kwargs) -> serializers.ListField:
    """A list of row ids in a request body."""
    return serializers.ListField(child=IdField(), **kwargs)


def validate_date_range(value: dt.date | dt.datetime | None) -> None:
    """Model and form validator: a date (or the date of a date-time) between 1900 and 2100."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(_("Give a date between %(start)s and %(end)s.")
                              % {"start": DATE_MIN.year, "end": DATE_MAX.year}, code="date_range")


class BoundedDateTimeField(serializers.DateTimeField):
    """A date-time in a request body, within 1900–2100."""

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        try:
            validate_date_range(result)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return result


class BoundedDateField(serializers.DateField):
    """A date in a request body, within 1900–2100."""

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        try:
            validate_date_range(result)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return result
