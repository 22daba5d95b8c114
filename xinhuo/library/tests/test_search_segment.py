"""Segmentation, the safe building of FTS5 and tsquery expressions, highlighting (no database)."""

from __future__ import annotations

import pytest

from xinhuo.library.search import segment

HOSTILE = ['"', '""', "*", "NEAR(", "NEAR(a b)", "OR", "AND NOT", "-", "a OR b", "text:红色", "'; DROP TABLE x; --",
           "^红色", "红色*", "(", ")", "{a b}", "\\", "%_", "红色\" OR \"1", "!&|<->:*"]


def test_segmentation_keeps_words_and_drops_punctuation_and_stop_words():
    words = segment.tokens("红色文化研学活动在井冈山革命博物馆举行，国旗下讲话！")
    assert {"红色", "文化", "研学", "井冈山", "博物馆", "国旗", "讲话"} <= set(words)
    assert "，" not in words and "在" not in words and "！" not in words


def test_query_groups_hold_a_word_and_its_parts():
    groups = segment.query_groups("井冈山革命博物馆 研学")
    flat = [t for g in groups for t in g]
    assert "研学" in flat and "博物馆" in flat
    assert segment.query_groups("   ，。！？ 的 了 ") == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_input_becomes_quoted_words_only(hostile):
    groups = segment.query_groups(hostile)
    for g in groups:
        for t in g:
            assert segment.TOKEN.fullmatch(t), t  # letters and digits only: nothing to break out of a quote
    if groups:
        fts = segment.fts5_expression(groups, strict=True)
        loose = segment.fts5_expression(groups, strict=False)
        ts = segment.tsquery_expression(groups, strict=True)
        for expr in (fts, loose):
            stripped = expr.replace(" AND ", " ").replace(" OR ", " ")
            assert all(part.startswith(('"', '("')) for part in stripped.split())
        assert "'" in ts and "--" not in ts


def test_pinyin_initials_of_a_name():
    assert segment.initials("张小明") == "zxm"
    text = segment.index_text("宣讲", "", names=["周建国"])
    assert "zjg" in text.split() and "周建国" in text.split()


def test_title_words_count_more_than_body_words():
    text = segment.index_text("航天科普", "一次普通的活动").split()
    assert text.count("航天") == segment.TITLE_WEIGHT


def test_highlight_escapes_html_before_marking():
    html = segment.highlight('<script>alert("红色")</script> 红色故事', ["红色"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark>红色</mark>") == 2
    snippet = segment.snippet("前言" * 50 + "<b>红色</b>故事会" + "后记" * 80, ["红色"])
    assert "<mark>红色</mark>" in snippet and "<b>" not in snippet and snippet.startswith("…")


def test_a_term_with_regex_characters_is_matched_literally():
    assert str(segment.highlight("a.b a+b", ["a.b"])) == "<mark>a.b</mark> a+b"
