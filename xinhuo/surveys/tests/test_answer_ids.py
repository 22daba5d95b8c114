"""The answering page's survey id is read by a prepared query (answering.selectors), which has not the ORM's guard
against an id past the column's range: such an id is a 404, never a database error."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize("pk", [2**63, 2**64 + 5, 10**30])
def test_an_id_past_the_columns_range_is_a_404(world, pk):
    # written out: the page's URL pattern (core.converters) no longer reverses an id of more than 19 digits
    url = reverse("surveys:answer", args=[1]).replace("/1/", f"/{pk}/")
    response = world.client("student_x").get(url)
    assert response.status_code == 404
