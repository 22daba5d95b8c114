"""The `<int:...>` of every page URL, bounded to the range of a row id (core.params.ID_MAX).

Every `<int:>` in the project's URLs names a row (a pk or a foreign key, all 64-bit). Django's own converter
accepts any run of digits, and an id past 64 bits reached the database: PostgreSQL refused it ("out of range"),
a 500, where there simply is no such row. This converter does not match such a value, so the address is a 404
like any other that names nothing. (The API's routers capture ids as strings: core.api.ActorMixin checks them
with core.params.path_id_or_none.)
"""

from __future__ import annotations

import warnings

from django.urls import converters, register_converter

from .params import ID_MAX


class BoundedIntConverter(converters.IntConverter):
    """Digits that fit a row id, else no match (404)."""

    regex = "[0-9]{1,19}"  # 20 digits always exceed ID_MAX: the regex refuses them before int() runs

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(value)  # the resolver takes a ValueError for "this pattern does not match"
        return number


def install() -> None:
    """Replace Django's "int" converter (core's AppConfig.ready, before any URLconf is imported). Django 5.x warns
    that overriding a converter is deprecated and 6.0 will refuse it: then register this under a name of its own
    (`<id:...>`) and rename the project's `<int:` (tests in core/tests/test_converters.py fail loudly until then)."""
    if isinstance(converters.get_converters()["int"], BoundedIntConverter):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        register_converter(BoundedIntConverter, "int")
