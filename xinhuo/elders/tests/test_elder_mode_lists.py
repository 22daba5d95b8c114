"""In elder-friendly mode (on by default for elders) a list page shows the list first and its filters after it
(issue 20): core's app.css moves a filter form that is role="search" straight inside <main> below the list
(core/tests/test_elder_filters_browser.py measures it). Each elders' list page an elder uses gives its filter form that
hook; the assignments page did not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

PAGES = [
    ("elders:assignments", "assignment-filters"),
    ("elders:training", "training-filters"),
    ("elders:inspections", "inspection-filters"),
    ("elders:list", "elder-filters"),
]


@pytest.mark.parametrize(("url_name", "form_id"), PAGES)
def test_an_elders_list_filter_form_is_the_one_elder_mode_moves_after_the_list(world, url_name, form_id):
    body = world.client("elder").get(reverse(url_name)).content.decode()
    assert 'class="elder-mode' in body or "elder-mode" in body.split("<body", 1)[1].split(">", 1)[0]
    forms = re.findall(r'<form method="get"[^>]*>', body)
    mine = [f for f in forms if f'id="{form_id}"' in f]
    assert len(mine) == 1 and 'role="search"' in mine[0], (url_name, mine)
    # straight inside <main>: the content block opens no wrapper around it
    main = body.split('<main id="main"', 1)[1]
    before = main[:main.index(f'id="{form_id}"')]
    assert before.count("<div") == before.count("</div>"), url_name
