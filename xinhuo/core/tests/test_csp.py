"""Content-Security-Policy (issue 21, finding 12): every response forbids inline scripts, and no template needs one.

The browser journeys check the other half: the shared page fixture (test_browser.new_page) fails a test on any CSP
violation the browser reports, so htmx, ECharts, Bootstrap and the pages' own scripts are proved to work under it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from conftest import PERSONAS
from xinhuo.core import registry
from xinhuo.core.tests.matrix import ANON
from xinhuo.core.tests.test_access_matrix import extra, request_as  # noqa: F401 (extra is a fixture)

XINHUO = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in XINHUO.rglob("templates/**/*.html"))


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} answered without a Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(directives: dict[str, list[str]]) -> None:
    assert directives["script-src"] == ["'self'"], "scripts only from the site's own files: no inline, no eval"
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    # <style> elements and stylesheets only from the site's files; style="" attributes stay allowed (see settings)
    assert directives["style-src-elem"] == ["'self'"]
    for name, sources in directives.items():
        assert "'unsafe-eval'" not in sources, name
        if name != "style-src":
            assert "'unsafe-inline'" not in sources, name


def test_the_policy_forbids_inline_scripts(client):
    assert_strict(policy(client.get(reverse("login"))))


@pytest.mark.once
def test_every_page_carries_the_policy(world, extra):  # noqa: F811
    """Every GET of the access matrix (pages and API), as a persona allowed to see it, and a page not found."""
    missing = []
    cases = [c for c in registry.matrix_cases() if c.method == "get"]
    assert len(cases) > 100
    for case in cases:
        persona = next((p for p in PERSONAS if p in case.allowed), ANON)
        with transaction.atomic():
            response = request_as(world, extra, case, persona)
            transaction.set_rollback(True)
        if "Content-Security-Policy" not in response.headers:
            missing.append(f"{case.name} ({response.status_code})")
    assert not missing, f"responses without a Content-Security-Policy: {missing}"
    assert_strict(policy(world.client("director").get("/no-such-page/")))


def test_the_api_docs_page_needs_no_inline_script(world):
    """drf-spectacular's Swagger page inlines its start-up script unless it is served as a file of its own."""
    response = world.client("admin").get(reverse("api-docs"))  # the administrator's page (issue 20)
    assert response.status_code == 200
    inline = inline_scripts(response.content.decode())
    assert not inline, f"inline scripts on the API docs page: {inline}"
    assert "<style" not in response.content.decode(), "an inline <style> element is refused by style-src-elem"
    script = re.search(r'<script src="([^"]*\?[^"]*script=[^"]*)"', response.content.decode())
    assert script, "the page loads its start-up script from its own URL"
    js = world.client("admin").get(script.group(1).replace("&amp;", "&"))
    assert js.status_code == 200 and "SwaggerUIBundle" in js.content.decode()


SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
# an event-handler attribute (onclick=, onsubmit=, ...) anywhere in a tag
HANDLER = re.compile(r"""<[a-z][^<>]*?[\s"'](on[a-z]{3,})\s*=""", re.I)
JS_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
# htmx attributes that evaluate JavaScript (refused anyway with allowEval false): hx-on, js: values, trigger filters
HTMX_EVAL = re.compile(r"""\bhx-on(?:[:-]|\s*=)|hx-(?:vals|vars|headers)\s*=\s*["']\s*(?:js|javascript):|"""
                       r"""hx-trigger\s*=\s*["'][^"']*\[""", re.I)

COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def inline_scripts(html: str) -> list[str]:
    return [m.group(0) for m in SCRIPT.finditer(html)
            if "src=" not in m.group(1) and "application/json" not in m.group(1)]


def test_templates_have_no_inline_script_or_handler():
    assert len(TEMPLATES) > 100
    found = []
    for path in TEMPLATES:
        text = COMMENT.sub("", path.read_text(encoding="utf-8"))
        rel = path.relative_to(XINHUO)
        found += [f"{rel}: inline script {s}" for s in inline_scripts(text)]
        found += [f"{rel}: {m.group(1)}= handler" for m in HANDLER.finditer(text)]
        found += [f"{rel}: javascript: URL" for _ in JS_URL.finditer(text)]
        found += [f"{rel}: htmx evaluating script: {m.group(0)}" for m in HTMX_EVAL.finditer(text)]
        found += [f"{rel}: inline <style> element" for _ in re.finditer(r"<style\b", text, re.I)]
    assert not found, "\n".join(found)


def test_python_code_writes_no_inline_script_or_handler():
    """Widgets' attrs and format_html() write markup too."""
    code = re.compile(r"""["']on(?:click|change|submit|input|load|error|focus|blur|key[a-z]+|mouse[a-z]+)["']|"""
                      r"""<script\b(?![^>]*\bsrc=)|["']\s*javascript:""", re.I)
    found = [f"{path.relative_to(XINHUO)}: {m.group(0)}" for path in XINHUO.rglob("*.py")
             if "tests" not in path.parts and "migrations" not in path.parts
             for m in code.finditer(path.read_text(encoding="utf-8"))]
    assert not found, found


@pytest.mark.parametrize("snippet", [
    '<script>alert(1)</script>', '<form onsubmit="return confirm(1)">', "<select class=x onchange='go()'>",
    '<a href="javascript:void(0)">', '<div hx-on:click="x()">', '<input hx-trigger="keyup[key==\'Enter\']">',
])
def test_the_scan_catches(snippet):
    assert (inline_scripts(snippet) or HANDLER.search(snippet) or JS_URL.search(snippet)
            or HTMX_EVAL.search(snippet))


@pytest.mark.parametrize("snippet", [
    '<script src="/static/a.js" defer></script>', '<span class="online">', '<p>Click on="x"</p>',
    '<button data-confirm="Remove?">', '<div hx-trigger="every 1s">',
])
def test_the_scan_lets_through(snippet):
    assert not (inline_scripts(snippet) or HANDLER.search(snippet) or JS_URL.search(snippet)
                or HTMX_EVAL.search(snippet))
