"""Every msgid of the groups part (its Python files and templates) has a zh_Hans translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

from xinhuo.core.tests.test_i18n import LOCALE, po_entries

CARE = Path(__file__).resolve().parents[1]
PY_FILES = ["groups_views.py", "groups_forms.py", "groups_api.py"]
TEMPLATES = sorted((CARE / "templates" / "care").glob("groups_*.html")) + sorted(
    (CARE / "templates" / "care").glob("support_*.html"))
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
SECTION = re.compile(r"# --- groups -+\n(.*?)# --- end groups", re.S)
BIRTHDAYS = re.compile(r"# --- birthdays \(groups part.*?\n(.*?)# --- end birthdays", re.S)
LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
CALL = re.compile(rf"\b(n?gettext)\(((?:\s*{LITERAL}\s*,?)+)")
STRING = re.compile(r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


def _python_msgids(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT:
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


def msgids() -> set[str]:
    found: set[str] = set()
    for name in PY_FILES:
        found |= _python_msgids((CARE / name).read_text(encoding="utf-8"))
    for name in ("services.py", "selectors.py"):  # the part's own sections of the shared files
        for block in SECTION.findall((CARE / name).read_text(encoding="utf-8")):
            found |= _python_msgids(block)
    for block in BIRTHDAYS.findall((CARE / "reminders.py").read_text(encoding="utf-8")):
        found |= _python_msgids(block)
    for template in TEMPLATES:
        for _fn, args in CALL.findall(templatize(template.read_text(encoding="utf-8"))):
            found |= {ast.literal_eval(s) for s in STRING.findall(args)}
    return found


def test_the_groups_part_is_translated():
    translated = {e["msgid"] for e in po_entries(LOCALE / "django.po") if all(e["msgstr"].values())}
    translated |= {e["msgid_plural"] for e in po_entries(LOCALE / "django.po")
                   if "msgid_plural" in e and all(e["msgstr"].values())}
    ours = msgids()
    assert len(ours) > 80
    missing = sorted(ours - translated)
    assert not missing, f"untranslated: {missing}"
