"""Timing machinery: serve each case in-process with Django's test Client and time it.

"Server time" is the wall time of `Client.get()`: URL resolution, every middleware, the
view, its queries and rendering — what a WSGI worker spends on the request, without the
network. The query count comes from one untimed warm-up request under
CaptureQueriesContext; the timed requests run without it. The report also keeps this
process's CPU time per request (cpu_p50_ms, cpu_p95_ms): when wall time is far above it,
the machine was busy with something else (or, on PostgreSQL, the database server worked).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import django
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from .cases import BASELINE, CASES, JOBS, Case, Context, Job

T = TypeVar("T")
AUTH_BACKEND = "xinhuo.core.auth.UsernameOrMobileBackend"


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def selected(items: Iterable[T], only: str | None, text: Callable[[T], str]) -> list[T]:
    if not only:
        return list(items)
    needle = only.lower()
    return [i for i in items if needle in text(i).lower()]


class Cleanup:
    """Remove the rows a run wrote (access-log entries, sessions ...) from a database we keep.

    Every table with an integer primary key is watermarked before the run; rows above the
    mark are deleted after it. Only for a database dedicated to the bench.
    """

    def __init__(self) -> None:
        self.marks: dict[type[models.Model], int] = {}

    @staticmethod
    def _models() -> list[type[models.Model]]:
        out = []
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed or meta.swapped:
                continue
            if isinstance(meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
                out.append(model)
        return out

    def mark(self) -> None:
        for model in self._models():
            self.marks[model] = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0

    def sweep(self) -> dict[str, int | str]:
        removed: dict[str, int | str] = {}
        for model, mark in self.marks.items():
            qs = model._base_manager.filter(pk__gt=mark)
            try:
                n = qs.count()
                if n:
                    with transaction.atomic():
                        qs._raw_delete(qs.db)  # no cascades, no signals: these are rows we wrote
                    removed[model._meta.label] = n
            except DatabaseError as exc:
                removed[model._meta.label] = f"could not remove: {exc}"
        return removed


def _login(ctx: Context, clients: dict[str, Client], username: str) -> Client:
    if username not in clients:
        client = Client()
        client.force_login(ctx.user(username), backend=AUTH_BACKEND)
        clients[username] = client
    return clients[username]


class Recorder:
    """An execute wrapper keeping each statement with its parameters, to replay it (CaptureQueriesContext keeps
    the SQL with the parameters already quoted into it, which is not what the driver ran)."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, object, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params, many))
        return execute(sql, params, many, context)


_TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")


def replay(statements: list[tuple[str, object, bool]], rounds: int = 5) -> float | None:
    """The median over `rounds` of the time the statements take executed directly on the same connection
    (cursor.execute with their parameters, then fetchall): the request's physical floor, its SQL. Run inside a
    transaction rolled back, so replayed writes (the access log, the session) leave nothing; transaction control
    statements are left out. None when there were no statements or one failed."""
    work = [(sql, params, many) for sql, params, many in statements
            if sql.lstrip().split(None, 1)[0].upper() not in _TRANSACTION] if statements else []
    if not work:
        return None
    totals = []
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    for sql, params, many in work:
                        if many:
                            cursor.executemany(sql, params)
                        else:
                            cursor.execute(sql, params)
                        if cursor.description is not None:
                            cursor.fetchall()
                    totals.append((time.perf_counter() - t0) * 1000)
            transaction.set_rollback(True)
    except DatabaseError:
        return None
    return percentile(totals, 50)


def body(response) -> bytes:
    """The whole answer, streamed or not: a file download (a FileResponse) is timed until its last byte."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure(client: Client, path: str, repeat: int, warmup: int) -> dict:
    """Warm up (the last warm-up request counts and records the queries), then time `repeat` requests, then
    replay the recorded queries alone (`sql_ms`)."""
    statuses: set[int] = set()
    size = 0
    for _ in range(max(warmup, 1) - 1):
        statuses.add(client.get(path).status_code)
    recorder = Recorder()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(recorder):
        response = client.get(path)
    # Read now: the list is a window on connection.queries, which the next request clears.
    queries = len(captured.captured_queries)
    statuses.add(response.status_code)
    size = len(body(response))
    times, cpu = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        response = client.get(path)
        body(response)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        statuses.add(response.status_code)
    sql_ms = replay(recorder.statements)
    return {"times_ms": times, "cpu_ms": cpu, "queries": queries, "statuses": sorted(statuses), "bytes": size,
            "sql_ms": sql_ms}


def run_case(case: Case, ctx: Context, clients: dict[str, Client], repeat: int, warmup: int) -> dict:
    row: dict = {"case": case.name, "role": case.role, "kind": case.kind, "path": None,
                 "budget_ms": case.budget_ms, "p50_ms": None, "p95_ms": None, "mean_ms": None, "min_ms": None,
                 "max_ms": None, "cpu_p50_ms": None, "cpu_p95_ms": None, "queries": None, "status": None,
                 "bytes": None, "n": 0, "sql_ms": None, "sql_ratio": None, "error": None}
    try:
        row["path"] = case.resolve(ctx)
        m = measure(_login(ctx, clients, case.role), row["path"], repeat, warmup)
    except Exception as exc:  # a broken page is reported, not fatal: the rest still get measured
        row["error"] = f"{type(exc).__name__}: {exc}"
        return row
    t = m["times_ms"]
    row.update(p50_ms=round(percentile(t, 50), 2), p95_ms=round(percentile(t, 95), 2),
               mean_ms=round(sum(t) / len(t), 2) if t else None, min_ms=round(min(t), 2) if t else None,
               max_ms=round(max(t), 2) if t else None, queries=m["queries"], bytes=m["bytes"], n=len(t),
               cpu_p50_ms=round(percentile(m["cpu_ms"], 50), 2),
               cpu_p95_ms=round(percentile(m["cpu_ms"], 95), 2),
               status=m["statuses"][0] if len(m["statuses"]) == 1 else m["statuses"])
    if m["sql_ms"] is not None:  # page time ÷ the time of its own SQL: what the page adds to its queries
        row["sql_ms"] = round(m["sql_ms"], 2)
        row["sql_ratio"] = round(row["p50_ms"] / m["sql_ms"], 1) if m["sql_ms"] > 0 else None
    if m["statuses"] != [200]:
        row["error"] = f"HTTP {m['statuses']}"
    return row


def run_job(job: Job, ctx: Context) -> dict:
    row: dict = {"name": job.name, "seconds": None, "total_s": None, "budget_s": job.budget_s, "ok": None,
                 "result": None, "error": None}
    t0 = time.perf_counter()
    try:
        if job.rollback:
            with transaction.atomic():
                row["result"] = job.run(ctx)
                transaction.set_rollback(True)
        else:
            row["result"] = job.run(ctx)
    except Exception as exc:
        row["error"] = f"{type(exc).__name__}: {exc}"
    row["seconds"] = row["total_s"] = round(time.perf_counter() - t0, 3)
    result = row["result"]
    if isinstance(result, dict) and result.get("timed_s") is not None:
        # the job timed the part its budget is for itself (the roster import, not the workbook it builds first)
        row["seconds"] = round(float(result["timed_s"]), 3)
    row["ok"] = row["error"] is None and (job.budget_s is None or row["seconds"] <= job.budget_s)
    return row


def run(*, repeat: int = 30, warmup: int = 2, only: str | None = None, cleanup: bool = False,
        cases: list[Case] | None = None, jobs: list[Job] | None = None,
        log: Callable[[str], None] = lambda s: None) -> dict:
    """Measure the baseline, the cases and the jobs; returns the report (without meta)."""
    cases = selected(CASES if cases is None else cases, only, lambda c: f"{c.key} {c.kind} {c.path}")
    jobs = selected(JOBS if jobs is None else jobs, only, lambda j: j.name)
    load_start = [round(x, 2) for x in os.getloadavg()]
    ctx = Context()
    clients: dict[str, Client] = {}
    sweeper = Cleanup() if cleanup else None
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=hosts):
        if sweeper:
            sweeper.mark()
        try:
            baseline = run_case(BASELINE, ctx, clients, repeat, warmup)
            log(_progress(baseline))
            rows = []
            for case in cases:
                rows.append(run_case(case, ctx, clients, repeat, warmup))
                log(_progress(rows[-1]))
            job_rows = []
            for job in jobs:
                job_rows.append(run_job(job, ctx))
                log(f"  job {job.name}: {job_rows[-1]['seconds']} s")
        finally:
            for client in clients.values():
                client.logout()
            removed = sweeper.sweep() if sweeper else {}
    base = baseline["p50_ms"]
    for row in rows:
        row["ratio"] = round(row["p50_ms"] / base, 1) if row["p50_ms"] is not None and base else None
        row["ok"] = row["error"] is None and (row["budget_ms"] is None or row["p95_ms"] <= row["budget_ms"])
    return {"baseline": baseline, "cases": rows, "jobs": job_rows, "cleanup": removed,
            "load_average_start": load_start, "worst_sql_ratio": worst_sql_ratio(rows)}


SQL_RATIO_LIMIT = 3.0  # a list page should cost at most three times its own SQL


def worst_sql_ratio(rows: list[dict], n: int = 10) -> list[dict]:
    """The n cases whose page time is the largest multiple of their own SQL's time."""
    ranked = sorted((r for r in rows if r.get("sql_ratio") is not None), key=lambda r: -r["sql_ratio"])
    return [{"case": r["case"], "role": r["role"], "kind": r["kind"], "p50_ms": r["p50_ms"], "sql_ms": r["sql_ms"],
             "sql_ratio": r["sql_ratio"], "queries": r["queries"]} for r in ranked[:n]]


def _progress(row: dict) -> str:
    if row["error"] and row["p95_ms"] is None:
        return f"  {row['case']} @{row['role']}: ERROR {row['error']}"
    return (f"  {row['case']} @{row['role']}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, "
            f"{row['queries']} queries, SQL {row['sql_ms']} ms ({row['sql_ratio']}x)")


# --- the report -------------------------------------------------------------------------------


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=10,
                              cwd=Path(__file__).resolve().parent).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def meta(*, vendor: str, database: str, size: str, repeat: int, warmup: int, only: str | None) -> dict:
    server = ""
    try:
        if vendor == "postgresql":
            v = connection.pg_version  # e.g. 150020
            server = f"PostgreSQL {v // 10000}.{v % 10000}"
        else:
            import sqlite3

            server = f"SQLite {sqlite3.sqlite_version}"
    except Exception:  # noqa: S110 - informational only
        pass
    return {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": vendor, "database_name": database, "database_server": server, "size": size,
        "repeat": repeat, "warmup": warmup, "only": only,
        "budgets": {"page_p95_ms": 150, "search_p95_ms": 50},
        "git_commit": _git("rev-parse", "--short", "HEAD"), "git_dirty": bool(_git("status", "--porcelain")),
        "python": platform.python_version(), "django": django.get_version(), "cpus": os.cpu_count(),
        "machine": platform.machine(), "debug": settings.DEBUG,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def over_budget(report: dict) -> list[dict]:
    out = [{"case": r["case"], "role": r["role"], "p95_ms": r["p95_ms"], "budget_ms": r["budget_ms"],
            "error": r["error"]} for r in report["cases"] if not r["ok"]]
    out += [{"job": j["name"], "seconds": j["seconds"], "budget_s": j["budget_s"], "error": j["error"]}
            for j in report["jobs"] if not j["ok"]]
    return out


def write(report: dict, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"{stamp}-{report['meta']['database']}.json"
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text)
    (results_dir / "latest.json").write_text(text)
    return path


def _fmt(value, spec: str = ".1f") -> str:
    return "—" if value is None else format(value, spec)


def table(report: dict) -> str:
    m = report["meta"]
    lines = [f"{m['database']} ({m['database_server']}), {m['size']} demo, "
             f"{m['repeat']} timed requests per case, commit {m['git_commit']}"
             f"{' (dirty)' if m['git_dirty'] else ''}"]
    head = (f"{'case':<18} {'role':<9} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'ratio':>7} {'SQL ms':>7} "
            f"{'÷SQL':>6}  {'':<4}")
    lines += [head, "-" * len(head)]
    b = report["baseline"]
    lines.append(f"{'baseline':<18} {b['role']:<9} {_fmt(b['p50_ms']):>8} {_fmt(b['p95_ms']):>8} "
                 f"{_fmt(b['queries'], 'd'):>7} {'1.0x':>7}")
    for r in report["cases"]:
        verdict = "ERR" if r["error"] else ("OK" if r["ok"] else "OVER")
        ratio = "—" if r.get("ratio") is None else f"{r['ratio']}x"
        by_sql = "—" if r.get("sql_ratio") is None else f"{r['sql_ratio']}x"
        lines.append(f"{r['case']:<18} {r['role']:<9} {_fmt(r['p50_ms']):>8} {_fmt(r['p95_ms']):>8} "
                     f"{_fmt(r['queries'], 'd'):>7} {ratio:>7} {_fmt(r.get('sql_ms')):>7} {by_sql:>6}  {verdict}")
    worst = report.get("worst_sql_ratio") or []
    if worst:
        lines += ["", f"worst page time ÷ its own SQL (list pages should stay within {SQL_RATIO_LIMIT:.0f}x):"]
        lines += [f"  {w['sql_ratio']:>6}x  {w['case']} @{w['role']}: p50 {w['p50_ms']} ms, SQL {w['sql_ms']} ms "
                  f"({w['queries']} queries)" for w in worst]
    jobs = report["jobs"]
    if jobs:
        lines += ["", f"{'job':<36} {'seconds':>9} {'budget':>8}"]
        for j in jobs:
            verdict = "ERR" if j["error"] else ("OK" if j["ok"] else "OVER")
            total = j.get("total_s")
            whole = f" (whole job {total:.2f} s)" if total is not None and total != j["seconds"] else ""
            lines.append(f"{j['name']:<36} {_fmt(j['seconds'], '.2f'):>9} "
                         f"{_fmt(j['budget_s'], '.0f'):>8}  {verdict}{whole}")
    ds = report.get("dataset") or {}
    if ds.get("reused"):
        lines.append(f"\ndataset reused (built {ds.get('built_at')} in {ds.get('build_s')} s)")
    over = report["over_budget"]
    lines.append("")
    load = report.get("load_average_start") or [0.0]
    if m.get("cpus") and load[0] > 0.5 * m["cpus"]:
        lines.append(f"note: the machine was busy (load {load[0]} on {m['cpus']} CPUs): p95 figures are "
                     "noisy; compare cpu_p95_ms in the JSON report.")
    if over:
        lines.append(f"{len(over)} over budget or failing:")
        for o in over:
            if "case" in o:
                what = o["error"] or f"p95 {o['p95_ms']} ms > {o['budget_ms']:.0f} ms"
                lines.append(f"  {o['case']} @{o['role']}: {what}")
            else:
                what = o["error"] or f"{o['seconds']} s > {o['budget_s']} s"
                lines.append(f"  {o['job']}: {what}")
    else:
        lines.append("All within budget.")
    return "\n".join(lines)


def print_table(report: dict, out=sys.stdout) -> None:
    print(table(report), file=out)
