"""The chart tag: the figures go to the page as JSON and as a table a screen reader or a reader without JavaScript
reads; a chart with nothing to show says so instead of drawing empty axes."""

import json
import re

import pytest
from django.template import Context, Template

from xinhuo.core.charts import chart


def render(spec):
    return Template("{% load xinhuo %}{% chart spec %}").render(Context({"spec": spec}))


def test_a_single_series_chart_carries_its_figures_and_a_table():
    spec = chart("c1", "column", ["9月", "10月"], [3, 5], title="活动", summary="共 8 次")
    html = render(spec)
    data = json.loads(re.search(r'<script id="c1-spec" type="application/json">(.*?)</script>', html).group(1))
    assert data["series"] == [{"name": "活动", "values": [3, 5]}] and data["categories"] == ["9月", "10月"]
    assert 'class="xh-chart" id="c1" data-spec="c1-spec"' in html and 'aria-hidden="true"' in html
    cells = re.findall(r'<td class="text-end">(\d+)</td>', html)
    assert cells == ["3", "5"] and "共 8 次" in html


def test_several_series_give_one_column_each():
    spec = chart("c2", "stacked", ["初一", "初二"], [("已家访", [4, 2]), ("未家访", [1, 0])])
    html = render(spec)
    assert re.findall(r'<td class="text-end">(\d+)</td>', html) == ["4", "1", "2", "0"]
    assert "已家访" in html and "未家访" in html


def test_an_all_zero_chart_draws_nothing():
    html = render(chart("c3", "line", ["9月"], [0]))
    assert "chart-empty" in html and 'id="c3"' not in html


def test_mismatched_figures_are_a_programming_error():
    with pytest.raises(ValueError):
        chart("c4", "column", ["a", "b"], [1])
    with pytest.raises(ValueError):
        chart("c5", "radar", ["a"], [1])
