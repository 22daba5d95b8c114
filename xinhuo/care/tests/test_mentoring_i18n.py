"""Every msgid of the mentoring part (its Python files, its sections of the shared files, its templates, its
reminders) has a zh_Hans translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

from xinhuo.core.tests.test_i18n import LOCALE, po_entries

CARE = Path(__file__).resolve().parents[1]
PY_FILES = ["mentoring_views.py", "mentoring_forms.py", "mentoring_api.py", "matching.py", "mentoring_receivers.py"]
TEMPLATES = sorted((CARE / "templates" / "care").glob("mentoring_*.html"))
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
SECTION = re.compile(r"# --- mentoring -+\n(.*?)# --- end mentoring", re.S)
CONTACTS = re.compile(r"# --- contacts \(mentoring part.*?\n(.*?)# --- end contacts", re.S)
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
    for name in ("services.py", "selectors.py"):
        for block in SECTION.findall((CARE / name).read_text(encoding="utf-8")):
            found |= _python_msgids(block)
    for block in CONTACTS.findall((CARE / "reminders.py").read_text(encoding="utf-8")):
        found |= _python_msgids(block)
    for template in TEMPLATES:
        for _fn, args in CALL.findall(templatize(template.read_text(encoding="utf-8"))):
            found |= {ast.literal_eval(s) for s in STRING.findall(args)}
    return found


def test_the_mentoring_part_is_translated():
    entries = po_entries(LOCALE / "django.po")
    translated = {e["msgid"] for e in entries if all(e["msgstr"].values())}
    translated |= {e["msgid_plural"] for e in entries if "msgid_plural" in e and all(e["msgstr"].values())}
    ours = msgids()
    assert len(ours) > 80
    missing = sorted(ours - translated)
    assert not missing, f"untranslated: {missing}"


def test_the_models_choices_of_the_part_are_translated():
    from django.utils import translation

    from xinhuo.care.models import ContactWay, MentorKind, Need

    with translation.override("zh-hans"):
        english = [str(label) for choices in (Need, MentorKind, ContactWay)
                   for label in choices.labels if str(label).isascii()]
    assert not english
