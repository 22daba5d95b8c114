"""The architecture's rules, read from the source: core imports no domain app; an app uses another app only
through its public names, and reads another app's tables through that app's selectors.

A domain app is any folder under xinhuo/ with an apps.py other than core. Tests and migrations are exempt
(tests build worlds across apps; migrations are generated)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import models

ROOT = Path(__file__).resolve().parents[2]  # xinhuo/
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())
DOMAIN = [a for a in APPS if a != "core"]
# Where another app's model classes may be named: a foreign key needs the class, and a demo builder seeds data
# across apps on purpose.
MODEL_IMPORT_ALLOWED = {"models.py", "demo.py"}


def sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def type_checking_nodes(tree: ast.AST) -> set[int]:
    """Imports under `if TYPE_CHECKING:` are for annotations only and load nothing at run time."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(n) for n in ast.walk(node))
    return inside


def imports(tree: ast.AST):
    """(module, names) for every `import xinhuo...` and `from xinhuo... import ...` outside TYPE_CHECKING."""
    skip = type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xinhuo."):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("xinhuo."):
                    yield alias.name, []


def app_of(module: str) -> str:
    return module.split(".")[1]


def test_core_imports_no_domain_app():
    found = [f"{rel}: {module}" for rel, tree in sources("core") for module, _names in imports(tree)
             if app_of(module) in DOMAIN]
    assert not found, "core must learn about apps from their manifests, not import them:\n" + "\n".join(found)


@pytest.mark.parametrize("app", DOMAIN)
def test_no_private_names_of_another_app(app):
    found = []
    for rel, tree in sources(app):
        for module, names in imports(tree):
            other = app_of(module)
            if other == app:
                continue
            private = [n for n in names if n.startswith("_")] + [p for p in module.split(".") if p.startswith("_")]
            if private:
                found.append(f"{rel}: {module} {private}")
    assert not found, "another app's private names:\n" + "\n".join(found)


def is_model_class(module: str, name: str) -> bool:
    from django.utils.module_loading import import_string

    try:
        obj = import_string(f"{module}.{name}")
    except ImportError:
        return False
    return isinstance(obj, type) and issubclass(obj, models.Model)


@pytest.mark.parametrize("app", DOMAIN)
def test_other_apps_tables_are_read_through_their_selectors(app):
    """Choices and field types are vocabulary and may be shared; model classes are not, outside models.py and
    the demo builders: another app's rows come from that app's selectors (scoped) or services."""
    found = []
    for rel, tree in sources(app):
        if rel.name in MODEL_IMPORT_ALLOWED:
            continue
        for module, names in imports(tree):
            if app_of(module) in (app, "core") or not module.endswith(".models"):
                continue
            classes = [n for n in names if is_model_class(module, n)]
            if classes:
                found.append(f"{rel}: {module} {classes}")
    assert not found, "another app's model classes (use its selectors):\n" + "\n".join(found)
