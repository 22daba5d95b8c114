"""A code list (CodeListField: specialties, willingness, needs, home visitors) is a list in every API answer, as
the README's API guide says, never the string of a Python list that a ModelSerializer makes of it by default."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.module_loading import import_string
from rest_framework import serializers

from xinhuo.core import registry
from xinhuo.elders.models import CodeListField


def _model_serializers():
    for route in registry.api_routes():
        viewset = import_string(route.viewset)
        cls = getattr(viewset, "serializer_class", None)
        if cls is not None and issubclass(cls, serializers.ModelSerializer):
            yield route.prefix, cls


def test_every_api_code_list_is_a_list():
    wrong = []
    for prefix, cls in _model_serializers():
        model = cls.Meta.model
        for name, field in cls().fields.items():
            source = field.source if field.source not in (None, "*") else name
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:  # a computed field, not a column
                model_field = None
            if isinstance(model_field, CodeListField) and not isinstance(field, serializers.ListField):
                wrong.append(f"{prefix}: {cls.__name__}.{name}")
    assert not wrong, wrong


@pytest.mark.django_db
def test_the_mentors_api_gives_specialties_as_a_list(world):
    from xinhuo.care.models import Mentor, MentorKind

    Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name="周志愿", phone="13800001111",
                          specialties=["tutoring", "counselling"], max_mentees=2)
    rows = world.client("director").get(reverse("api:care-mentor-list")).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows[0]["specialties"] == ["tutoring", "counselling"]
