"""Mutation testing of the rules a user relies on most (issue 21): `make mutate`, docs/mutation.md.

    .venv/bin/python scripts/mutate.py [MODULE ...]     # run mutmut on each module (default: all), then the scores
    .venv/bin/python scripts/mutate.py --report [MODULE ...]   # the scores of the last runs only
    .venv/bin/python scripts/mutate.py --survivors [MODULE ...]  # test again only the mutants not yet killed

Each module runs in its own directory, var/mutmut/<module>/, with its own narrow test selection: mutmut's first pass
records which of those tests call each function, and a mutant then runs only the tests that call its function, so
one mutant costs seconds, not the suite. The shared settings are pyproject.toml's [tool.mutmut]; this script
overrides the file to mutate and the tests per module.

Two preparations of the copy mutmut works on (the project's files are never changed):
- mutmut 3 does not mutate a decorated function (signup_add under @audited @transaction.atomic, an Actor
  @cached_property). In the copy, `@d1 @d2 def f` becomes `def f` followed by `f = d1(d2(f))`: the same object
  under the same name, so the decorators wrap mutmut's trampoline and the function's body is mutated too.
- The tests run on PostgreSQL kept between runs (--reuse-db) when one answers on 127.0.0.1:5432
  (MUTATE_DATABASE_URL overrides): building a fresh SQLite test database for every mutant costs more than its tests.
"""

from __future__ import annotations

import argparse
import ast
import codecs
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutmut"
MUTMUT = Path(sys.executable).parent / "mutmut"
CACHE = re.compile(r"(functools\.)?(cache|lru_cache(\(.*\))?)")
SPINNER = re.compile("[\u2800-\u28ff]")  # braille frames
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/xinhuo_mutmut"


@dataclass(frozen=True)
class Module:
    path: str
    tests: tuple[str, ...]
    functions: tuple[str, ...] = ()  # only these functions' mutants (empty: the whole file)
    note: str = ""

    @property
    def dotted(self) -> str:
        return self.path.removesuffix(".py").replace("/", ".")

    def globs(self) -> list[str]:
        """mutmut's names: <module>.x_<function>__mutmut_<n>, <module>.xǁ<Class>ǁ<method>__mutmut_<n>."""
        if not self.functions:
            return [f"{self.dotted}.*"]
        return [f"{self.dotted}.x_{f}__mutmut_*" for f in self.functions]


@dataclass
class Score:
    counts: dict[str, int] = field(default_factory=dict)
    survivors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def killed(self) -> int:  # a mutant that hangs until the CPU limit is caught too (mutmut counts it so)
        return self.counts.get("killed", 0) + self.counts.get("timeout", 0)


SIGNUP_FUNCTIONS = ("_signed_up", "_signup_fields", "signup_settings_update", "_promote_waiting", "self_signup_kind",
                    "_acts_for", "signup_add", "_own", "signup_cancel")

MODULES: dict[str, Module] = {
    "idcard": Module("xinhuo/core/idcard.py", ("xinhuo/core/tests/test_idcard.py",
                                               "xinhuo/core/tests/test_mutation_idcard.py")),
    "masking": Module("xinhuo/core/masking.py", ("xinhuo/core/tests/test_masking.py",
                                                 "xinhuo/core/tests/test_audit_masking.py")),
    "access": Module("xinhuo/core/access.py", ("xinhuo/core/tests/test_mutation_access.py",)),
    "consent": Module("xinhuo/people/consent.py", ("xinhuo/people/tests/test_consent_rules.py",
                                                   "xinhuo/people/tests/test_consent_edges.py",
                                                   "xinhuo/people/tests/test_consent_services.py",
                                                   "xinhuo/people/tests/test_consent_perf.py")),
    "signups": Module("xinhuo/activities/services.py", ("xinhuo/activities/tests/test_signups.py",
                                                        "xinhuo/activities/tests/test_signup_bounds.py"),
                      SIGNUP_FUNCTIONS, "the sign-up functions only"),
    "scoring": Module("xinhuo/wellbeing/scales.py", ("xinhuo/wellbeing/tests/test_scales.py",
                                                     "xinhuo/wellbeing/tests/test_scale_config.py")),
    "alerts": Module("xinhuo/wellbeing/alerts/services.py", ("xinhuo/wellbeing/tests/test_alerts.py",
                                                             "xinhuo/wellbeing/tests/test_jobs.py")),
}


def lift_decorators(source: str) -> str:
    """`@d1 @d2 def f` (top level or in a top-level class) as `def f` then `f = d1(d2(f))`; staticmethod and
    classmethod stay (mutmut handles them), and so does a function behind functools.cache (not mutated)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        nodes += [n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    edits = []
    for node in nodes:
        names = [ast.get_source_segment(source, d) for d in node.decorator_list]
        if not names or (len(names) == 1 and names[0] in ("staticmethod", "classmethod")):
            continue
        if any(CACHE.fullmatch(n) for n in names):
            continue  # its cache, filled before a mutant is switched on, would hide the mutant: left to mutmut's skip
        indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)
        wrapped = node.name
        for name in reversed(names):
            wrapped = f"{name}({wrapped})"
        assignment = f"{indent}{node.name} = {wrapped}\n"
        edits.append((node.decorator_list[0].lineno, node.lineno, node.end_lineno, assignment))
    for first, def_line, end, assignment in sorted(edits, reverse=True):
        lines[end:end] = [assignment]
        del lines[first - 1:def_line - 1]
    return "".join(lines)


def toml_value(value) -> str:
    return json.dumps(value)  # strings, lists of strings, booleans and numbers: JSON is valid TOML for them


def database_url() -> str | None:
    if url := os.environ.get("MUTATE_DATABASE_URL"):
        return url
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return None
    return DEFAULT_DB


def prepare(name: str, module: Module, db_url: str | None) -> Path:
    """var/mutmut/<name>/: a copy of the code with the module's decorators lifted and a pyproject.toml of its own.
    A copy made earlier is refreshed, and mutmut's results of a function whose code is unchanged stay valid."""
    work = WORK / name
    work.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "xinhuo", work / "xinhuo", ignore=ignore, dirs_exist_ok=True)
    shutil.copytree(ROOT / "bench", work / "bench", ignore=ignore, dirs_exist_ok=True)
    shutil.copy2(ROOT / "conftest.py", work / "conftest.py")
    target = work / module.path
    lifted = lift_decorators((ROOT / module.path).read_text("utf-8"))
    if not target.exists() or target.read_text("utf-8") != lifted:
        target.write_text(lifted, "utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pytest_options = project["tool"]["pytest"]["ini_options"]
    options = dict(project["tool"]["mutmut"])
    options["only_mutate"] = [module.path]
    options["pytest_add_cli_args_test_selection"] = list(module.tests)
    options["use_git_change_detection"] = False  # the copy is no git work tree
    if db_url:
        options["pytest_add_cli_args"] = [*options.get("pytest_add_cli_args", []), "--reuse-db"]
    text = ["# written by scripts/mutate.py from the project's pyproject.toml\n", "[tool.pytest.ini_options]\n"]
    text += [f"{k} = {toml_value(v)}\n" for k, v in pytest_options.items()]
    text += ["\n[tool.mutmut]\n"] + [f"{k} = {toml_value(v)}\n" for k, v in options.items()]
    (work / "pyproject.toml").write_text("".join(text), "utf-8")
    return work


def environment(db_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    return env


def run(name: str, module: Module, db_url: str | None, max_children: int, survivors: bool = False) -> int:
    """mutmut on the module. It keeps the verdicts of a function whose code, tests selection and settings are
    unchanged, and an interrupted run resumes; `survivors` tests again only the mutants that survived or had no
    test (after tests were added to the selection's files: a killed mutant stays killed when tests are only added)."""
    names = module.globs()
    if survivors:
        last = score(name, module)
        # mutants never run yet are left to a plain run, which resumes them
        names = [m for m, _, status in (line.partition(": ") for line in last.survivors) if status != "not checked"] \
            if last else names
        if not names:
            print(f"== {name}: no survivor to test again", flush=True)
            return 0
    work = prepare(name, module, db_url)
    print(f"== {name}: {module.path} {module.note}".rstrip(), flush=True)
    command = ["nice", "-n", "10", str(MUTMUT), "run", "--max-children", str(max_children)]
    if module.functions or survivors:
        command += names
    started = time.monotonic()
    # mutmut draws its spinner without returning the cursor: each frame starts on a fresh "\r" here, so a terminal
    # shows one line of progress and a log keeps the last frame of each line
    with subprocess.Popen(command, cwd=work, env=environment(db_url), stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a chunk may end inside a character
        while chunk := os.read(process.stdout.fileno(), 4096):
            text = decoder.decode(chunk)
            sys.stdout.write(SPINNER.sub(lambda m: "\r" + m.group(0), text))
            sys.stdout.flush()
    print(f"\n   {name}: {time.monotonic() - started:.0f} s", flush=True)
    return process.returncode


def score(name: str, module: Module) -> Score | None:
    work = WORK / name
    if not (work / "mutants").is_dir():
        return None
    out = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=work, capture_output=True, text=True,
                         check=False, env=environment(None)).stdout
    patterns = [re.compile(g.replace(".", r"\.").replace("*", ".*") + "$") for g in module.globs()]
    result = Score()
    for line in out.splitlines():
        mutant, _, status = line.strip().rpartition(": ")
        if not mutant or not any(p.match(mutant) for p in patterns):
            continue
        result.counts[status] = result.counts.get(status, 0) + 1
        if status not in ("killed", "timeout"):
            result.survivors.append(f"{mutant}: {status}")
    return result


def report(names: list[str]) -> bool:
    ok = True
    print(f"\n{'module':<10} {'file':<38} {'killed':>7} {'total':>6} {'score':>7}  other")
    for name in names:
        module = MODULES[name]
        s = score(name, module)
        if s is None or not s.total:
            print(f"{name:<10} {module.path:<38} {'not run':>7}")
            ok = False
            continue
        pct = 100 * s.killed / s.total
        ok &= pct >= 90
        other = ", ".join(f"{n} {k}" for k, n in sorted(s.counts.items()) if k != "killed")
        print(f"{name:<10} {module.path:<38} {s.killed:>7} {s.total:>6} {pct:>6.1f}%  {other}")
    for name in names:
        s = score(name, MODULES[name])
        for line in (s.survivors if s else []):
            print(f"  {line}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(MODULES))
    parser.add_argument("--report", action="store_true", help="print the scores of the last runs only")
    parser.add_argument("--survivors", action="store_true", help="test again only the mutants not yet killed")
    parser.add_argument("--max-children", type=int, default=1, help="mutants at once (default 1: a shared machine)")
    args = parser.parse_args()
    names = args.modules or list(MODULES)
    if unknown := [n for n in names if n not in MODULES]:
        parser.error(f"unknown module {', '.join(unknown)}: one of {', '.join(MODULES)}")
    failed = []
    if not args.report:
        db_url = database_url()
        print(f"tests on {db_url or 'SQLite (a fresh test database per mutant: slow)'}", flush=True)
        failed = [n for n in names if run(n, MODULES[n], db_url, args.max_children, args.survivors) != 0]
    ok = report(names)
    if failed:
        print(f"mutmut failed for: {', '.join(failed)}")
    return 0 if ok and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
