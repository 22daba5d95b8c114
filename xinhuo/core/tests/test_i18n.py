"""The zh-hans catalogue is complete, and the compiled catalogue is the current one."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation.template import templatize

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """A small .po reader: msgctxt, msgid, msgid_plural, msgstr[...] and flags of each entry."""
    entries, cur, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if cur and "msgid" in cur:
                entries.append(cur)
            cur, key = None, None
            continue
        cur = cur or {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            cur["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            key, cur["msgctxt"] = "msgctxt", eval(line[8:])  # noqa: S307
        elif line.startswith("msgid_plural "):
            key, cur["msgid_plural"] = "msgid_plural", eval(line[13:])  # noqa: S307 - a .po string literal
        elif line.startswith("msgid "):
            key, cur["msgid"] = "msgid", eval(line[6:])  # noqa: S307
        elif line.startswith("msgstr"):
            idx = line[7] if line.startswith("msgstr[") else "0"
            key = ("msgstr", idx)
            cur["msgstr"][idx] = eval(line.split(" ", 1)[1])  # noqa: S307
        elif line.startswith('"'):
            if isinstance(key, tuple):
                cur["msgstr"][key[1]] += eval(line)  # noqa: S307
            else:
                cur[key] += eval(line)  # noqa: S307
    return [e for e in entries if e["msgid"]]  # skip the header


def test_catalogue_is_complete():
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_compiled_catalogue_matches_source():
    with open(LOCALE / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for e in po_entries(LOCALE / "django.po"):
        if "msgid_plural" in e:
            assert mo.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr"]["0"], e["msgid"]
        elif "msgctxt" in e:
            assert mo.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"]["0"], f"stale .mo for {e['msgid']!r}"
        else:
            assert mo.gettext(e["msgid"]) == e["msgstr"]["0"], f"stale .mo for {e['msgid']!r}: run make messages"


@pytest.mark.django_db
def test_login_page_is_chinese_by_default_and_english_on_request():
    assert "登录薪火平台" in Client().get("/login/").content.decode()
    english = Client(headers={"accept-language": "en"})
    english.cookies["django_language"] = "en"
    assert "Log in to Xinhuo" in english.get("/login/").content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("Students") == "学生"


XINHUO = Path(__file__).resolve().parents[2]
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
TEMPLATE_CALL = re.compile(r"\b(n|p)?gettext\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)")
TEMPLATE_STRING = re.compile(r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


def source_msgids() -> dict[str, str]:
    """Every msgid the project's code and templates ask to translate (tests and migrations aside): {msgid: file}."""
    found: dict[str, str] = {}
    for path in XINHUO.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in GETTEXT_CALLS:
                continue
            args = node.args[1:3] if name.startswith("pgettext") else node.args[:2]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    found.setdefault(arg.value, str(path.relative_to(XINHUO)))
    for path in XINHUO.rglob("templates/**/*.html"):
        for kind, args in TEMPLATE_CALL.findall(templatize(path.read_text(encoding="utf-8"))):
            literals = TEMPLATE_STRING.findall(args)
            for literal in literals[1:] if kind == "p" else literals:  # pgettext's first is the context
                found.setdefault(ast.literal_eval(literal), str(path.relative_to(XINHUO)))
    return found


def test_every_msgid_in_the_source_is_translated():
    """What `make messages` would add is already translated: nothing English reaches a Chinese page."""
    entries = po_entries(LOCALE / "django.po")
    translated = {e["msgid"] for e in entries if all(e["msgstr"].values())}
    translated |= {e["msgid_plural"] for e in entries if "msgid_plural" in e and all(e["msgstr"].values())}
    wanted = source_msgids()
    assert len(wanted) > 500
    missing = sorted(f"{msgid!r} ({where})" for msgid, where in wanted.items() if msgid not in translated)
    assert not missing, "untranslated: " + "; ".join(missing)
