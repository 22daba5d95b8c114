"""Every kind of access-log row written anywhere in the code has words on the access log's page (issue 20).

The writers are found in the source: calls of core's access_log_record / log_list / log_view and of any function
that passes an `object_type` parameter on to them (the elders' list_context, people's _list_page…), viewsets'
`object_type` / `view_object_type` attributes (LoggedListMixin) and AccessLog rows created directly. A kind written
with a literal, a module constant or an imported constant is checked; a kind computed at run time must be listed
in DYNAMIC with where its values come from. Each kind needs a label (registry.AccessKind) and each reveal its
field's words ("kind:field"); each declared model and name path must exist."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from django.apps import apps
from django.utils.module_loading import import_string

import xinhuo
from xinhuo.core import registry

ROOT = Path(xinhuo.__file__).parent
CORE_WRITERS = {"access_log_record": 2, "log_list": 1, "log_view": 1}  # the object_type's position


@dataclass(frozen=True)
class Written:
    kind: str
    field: str | None  # a literal field, "" for none, None when computed
    action: str | None  # a literal action ("reveal"…), None when not known
    where: str


# Writers whose kind (or revealed field) is computed at run time, and the values it takes, as (kind, field) pairs.
DYNAMIC = {
    ("people/services.py", "sensitive_reveal"): lambda: set(import_string("xinhuo.people.rules.REVEAL_RULES")),
    ("core/services.py", "account_reveal"): lambda: {
        ("account", f) for f in import_string("xinhuo.core.services.ACCOUNT_REVEAL_FIELDS")},
}


def _sources() -> dict[str, ast.Module]:
    return {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(ROOT.rglob("*.py")) if "tests" not in p.parts and "migrations" not in p.parts}


def _constants(tree: ast.Module) -> dict[str, str]:
    return {n.targets[0].id: n.value.value for n in tree.body
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}


def _module_path(path: str, node: ast.ImportFrom) -> str | None:
    """The source path an import names (relative or xinhuo.…), if it is in the package."""
    if node.level:
        parts = Path(path).parent.parts[: len(Path(path).parent.parts) - (node.level - 1)]
        base = list(parts) + (node.module.split(".") if node.module else [])
    elif node.module and node.module.startswith("xinhuo."):
        base = node.module.split(".")[1:]
    else:
        return None
    for candidate in ("/".join(base) + ".py", "/".join([*base, "__init__.py"])):
        if (ROOT / candidate).exists():
            return candidate
    return None


def _enclosing_functions(tree: ast.Module) -> dict[ast.AST, ast.FunctionDef]:
    """Each node's innermost function (ast.walk meets an outer function before the ones inside it)."""
    out: dict[ast.AST, ast.FunctionDef] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef):
            for node in ast.walk(fn):
                out[node] = fn
    return out


def _call_name(node: ast.AST) -> str:
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _passes_object_type(node: ast.AST, wrappers: dict[str, int]) -> bool:
    name = _call_name(node)
    if name not in wrappers:
        return False
    assert isinstance(node, ast.Call)
    index = wrappers[name]
    expr = node.args[index] if len(node.args) > index else {k.arg: k.value for k in node.keywords}.get("object_type")
    return isinstance(expr, ast.Name) and expr.id == "object_type"


def _literal(known: dict[str, str], expr: ast.AST | None) -> str | None:
    """A string the expression surely is: a literal, or a constant of the module or imported into it."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name) and expr.id in known:
        return known[expr.id]
    return None


def _of_self(expr: ast.AST) -> bool:
    """`self.object_type`, or `self.a or self.b`: a viewset's attributes, read from its class."""
    if isinstance(expr, ast.BoolOp):
        return all(_of_self(v) for v in expr.values)
    return isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self"


def _scan() -> tuple[list[Written], list[tuple[str, str, int]]]:
    trees = _sources()
    consts = {path: _constants(tree) for path, tree in trees.items()}
    # a wrapper: a function that hands its own object_type parameter to a writer (core's, or another wrapper)
    wrappers = dict(CORE_WRITERS)
    functions = [fn for tree in trees.values() for fn in ast.walk(tree)
                 if isinstance(fn, ast.FunctionDef) and fn.name not in CORE_WRITERS
                 and "object_type" in [a.arg for a in fn.args.args]]
    grown = True
    while grown:
        grown = False
        for fn in functions:
            if fn.name not in wrappers and any(_passes_object_type(call, wrappers) for call in ast.walk(fn)):
                wrappers[fn.name] = [a.arg for a in fn.args.args].index("object_type")
                grown = True
    written: list[Written] = []
    unresolved: list[tuple[str, str, int]] = []  # (path, function, line)
    for path, tree in trees.items():
        imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (source := _module_path(path, node)):
                for alias in node.names:
                    if alias.name in consts.get(source, {}):
                        imported[alias.asname or alias.name] = consts[source][alias.name]
        known = {**imported, **consts[path]}
        inside = _enclosing_functions(tree)

        literal = partial(_literal, known)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                            and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id.endswith("object_type")
                            and (value := literal(stmt.value))):
                        written.append(Written(value, "", None, f"{path}:{stmt.lineno}"))
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            where = f"{path}:{node.lineno}"
            if name not in wrappers:
                if name == "create" and (value := literal(keywords.get("object_type"))):
                    written.append(Written(value, literal(keywords.get("field")) or "", None, where))
                continue
            index = wrappers[name]
            expr = node.args[index] if len(node.args) > index else keywords.get("object_type")
            if expr is None:
                continue
            field_expr = keywords.get("field")
            if field_expr is None and name in ("access_log_record", "log_view") and len(node.args) > index + 2:
                field_expr = node.args[index + 2]
            field = "" if field_expr is None else literal(field_expr)
            action = None
            if name == "access_log_record" and len(node.args) > 1:
                action = literal(node.args[1])
            elif name == "log_view":
                action = "view"
            kind = literal(expr)
            if kind is not None:
                written.append(Written(kind, field, action, where))
                if action == "reveal" and field is None:
                    unresolved.append((path, inside[node].name if node in inside else "", node.lineno))
                continue
            fn = inside.get(node)
            passed_on = (isinstance(expr, ast.Name) and expr.id == "object_type" and fn is not None
                         and "object_type" in [a.arg for a in fn.args.args])
            passed_on = passed_on or _of_self(expr)  # a viewset's object_type: its class attribute is read above
            if not passed_on:
                unresolved.append((path, fn.name if fn else "", node.lineno))
    return written, unresolved


@pytest.fixture(scope="module")
def scanned():
    return _scan()


def test_the_scan_finds_the_writers(scanned):
    """The scan sees what it is meant to see (else the checks below would pass on nothing)."""
    written, _unresolved = scanned
    kinds = {w.kind for w in written}
    for kind in ("growth_record", "home_visit", "elder", "student", "special_group_tag", "club_member",
                 "family_committee_meeting", "wellbeing_peer_supporter", "consent_record", "research_project"):
        assert kind in kinds, kind
    assert len(kinds) > 60


def test_every_kind_written_has_a_label(scanned):
    written, _unresolved = scanned
    declared = registry.access_kinds()
    missing = sorted({f"{w.kind} ({w.where})" for w in written if w.kind not in declared})
    assert not missing, "declare these kinds in the writing app's access_kinds:\n" + "\n".join(missing)


def test_every_computed_kind_is_accounted_for(scanned):
    _written, unresolved = scanned
    unexplained = [f"{path}:{line} ({fn})" for path, fn, line in unresolved if (path, fn) not in DYNAMIC]
    assert not unexplained, "a kind or revealed field computed at run time: list it in DYNAMIC\n" + "\n".join(
        unexplained)
    assert {(path, fn) for path, fn, _line in unresolved} == set(DYNAMIC)  # no stale entry either
    declared = registry.access_kinds()
    for values in DYNAMIC.values():
        for kind, field in values():
            assert kind in declared and f"{kind}:{field}" in declared, (kind, field)


def test_every_reveal_names_its_field(scanned):
    """"Revealed in full" reads with the field's words: the guardian's phone number, the ID-card number."""
    written, _unresolved = scanned
    declared = registry.access_kinds()
    missing = sorted({f"{w.kind}:{w.field} ({w.where})" for w in written
                      if w.action == "reveal" and w.field and f"{w.kind}:{w.field}" not in declared})
    assert not missing, "\n".join(missing)


def test_declared_models_and_names_exist():
    for key, kind in registry.access_kinds().items():
        assert str(kind.label), key
        if kind.model:
            model = apps.get_model(kind.model)
            str(model._default_manager.filter(**{f"{kind.name}__icontains": "x"}).values("pk").query)  # FieldError
