"""The OpenAPI schema's generator (drf-spectacular), made to say what the API really returns (issue 21, finding
13; xinhuo/core/tests/test_api_fuzz.py checks every answer against it).

- A serializer field with `default=None` (typically `source="tutor.name", default=None`) answers null whenever
  the related row is missing, but drf-spectacular declares it non-nullable unless `allow_null` is also set: here
  such a field is nullable in responses, once, rather than `allow_null=True` beside every `default=None`.
- A serializer whose answer leaves out some fields for some roles (the elders' card) names them in
  `Meta.schema_optional`: they stay documented but are not required.
- A time is "08:30:00", which JSON Schema's "time" format (RFC 3339, with an offset) refuses: a pattern instead.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"


class AutoSchema(SpectacularAutoSchema):
    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and getattr(field, "default", ...) is None:
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            schema = {k: v for k, v in schema.items() if k != "format"} | {"pattern": TIME_PATTERN}
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(getattr(serializer, "Meta", None), "schema_optional", ()))
        if direction == "response" and optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema
