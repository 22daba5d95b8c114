"""Two app servers, one PostgreSQL (issue 21): what a county runs, driven at once and checked afterwards.

    .venv/bin/python -m bench.two_servers [--seconds 30] [--rate 40] [--workers 1] [--cache redis|db]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinhuo_two_servers (the default; created when missing)
    make bench-two-servers

What it does:

1. Prepares the load test's school in the PostgreSQL database (bench/load_surveys.py: a director and elder
   accounts with API tokens, an open anonymous survey of ten questions), removes earlier runs' surveys, and
   forgets today's daily jobs (their DailyJobRun locks and task rows) so that today's run can be watched.
2. Starts two complete app servers, each `python -m xinhuo serve` (gunicorn, the task worker and the daily
   scheduler) on its own port, with XINHUO_DAILY_HOUR=0 so that both try to queue the daily jobs at once when
   they start; the cache is Redis at 127.0.0.1:6379 (--cache redis, when it answers) or the database's table.
3. Drives both at the same time for --seconds: answers to the survey through POST .../submit/ at --rate per
   second on each server (each answer with another elder's token), and reads of the survey's count
   (GET /api/v1/surveys/manage/<id>/ as the director) alternating between the servers.
4. Checks: the rows (responses, participations, the survey's response_count) equal the 201s both servers
   logged; both servers then read the same count; a count read on one server is never lower than one read
   before on the other; each daily job was queued once (one DailyJobRun row, one task row) and ran successfully,
   and the daily backup wrote one archive, not one per server.

Prints a table and writes bench/results/two-servers-<UTC timestamp>.json; exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from . import load_surveys as ls
from .env import POSTGRES_SCHEMES, REPO, RESULTS_DIR

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinhuo_two_servers"
MANAGE_PATH = "/api/v1/surveys/manage/{pk}/"


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.two_servers", description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("--rate", type=float, default=40.0, help="answers per second on EACH server")
    p.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    p.add_argument("--connections", type=int, default=8, help="client connections per server")
    p.add_argument("--cache", choices=["redis", "db"], default="redis")
    p.add_argument("--redis-url", default=os.environ.get("XINHUO_REDIS_URL", "redis://127.0.0.1:6379/1"))
    return p.parse_args(argv)


def ensure_database(url: str) -> None:
    """CREATE DATABASE when the one DATABASE_URL names does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    conninfo = {"host": cfg.get("HOST") or "127.0.0.1", "port": cfg.get("PORT") or 5432,
                "user": cfg.get("USER") or "postgres", "password": cfg.get("PASSWORD") or None, "dbname": "postgres"}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - no Redis: the caller says so and uses the database's cache
        return False


def forget_today(day: dt.date) -> int:
    """Today's daily-job locks and every daily job's task rows go, so that this run's can be counted."""
    from django_tasks_db.models import DBTaskResult

    from xinhuo.core import registry
    from xinhuo.core.models import DailyJobRun

    gone = DailyJobRun.objects.filter(day=day).delete()[0]
    DBTaskResult.objects.filter(task_path__in=registry.daily_jobs()).delete()
    return gone


def director_token() -> str:
    from xinhuo.core import tokens as api_tokens
    from xinhuo.core.models import User

    key = api_tokens.new_key()
    api_tokens.unsaved(User.objects.get(username=f"{ls.PREFIX}-director"), key).save()
    return key


def start_server(port: int, workers: int, env: dict, log_path: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "xinhuo", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def reads(ports: list[int], path: str, token: str, stop_at: float, out: dict) -> None:
    """The survey's count read alternately from each server: every read answers 200, and a count never goes
    down from one read to the next, whichever server answered it."""
    statuses: Counter = Counter()
    latencies: list[float] = []
    last, regressions, i = -1, 0, 0
    while time.monotonic() < stop_at:
        port = ports[i % len(ports)]
        i += 1
        t0 = time.perf_counter()
        try:
            status, body = ls.http_once(port, "GET", path, token, None)
        except OSError as exc:
            statuses[type(exc).__name__] += 1
            continue
        latencies.append((time.perf_counter() - t0) * 1000)
        statuses[status] += 1
        if status == 200:
            count = json.loads(body)["response_count"]
            regressions += count < last
            last = max(last, count)
        time.sleep(0.05)
    from .harness import percentile

    out.update(requests=sum(statuses.values()), statuses={str(k): v for k, v in statuses.items()},
               regressions=regressions, p95_ms=round(percentile(latencies, 95), 2) if latencies else None)


def served_201(log_path: Path, path: str) -> int:
    """The 201s a server's access log (gunicorn's default format, on serve's output) shows for the path."""
    pattern = re.compile(rf'"POST {re.escape(path)} HTTP/1\.[01]" 201 ')
    return sum(1 for line in log_path.read_text(errors="replace").splitlines() if pattern.search(line))


def wait_for_daily(jobs: list[str], timeout: float = 180) -> dict[str, list[str]]:
    """Each daily job's task rows (their statuses), once none is still waiting or running."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while True:
        rows: dict[str, list[str]] = {job: [] for job in jobs}
        for path, status in DBTaskResult.objects.filter(task_path__in=jobs).values_list("task_path", "status"):
            rows[path].append(status)
        pending = [j for j, s in rows.items() if not s or any(x in ("READY", "RUNNING") for x in s)]
        if not pending or time.monotonic() > deadline:
            return rows
        time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if url.split(":", 1)[0].lower() not in POSTGRES_SCHEMES:
        raise SystemExit("bench.two_servers runs against PostgreSQL: set DATABASE_URL=postgres://... (SQLite is one "
                         "server's database)")
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    vendor, label = ls.configure()

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    cache = args.cache
    if cache == "redis" and not redis_answers(args.redis_url):
        log(f"note: no Redis answers at {args.redis_url}: the servers share the database's cache instead")
        cache = "db"

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from xinhuo.core import registry
    from xinhuo.core.models import DailyJobRun

    from .harness import _git

    accounts = int(2 * args.rate * args.seconds * 1.2) + 200
    log(f"Preparing {label} ({accounts} accounts) ...")
    prep = ls.prepare_accounts(vendor, accounts, log)
    ls.clear_previous(log)
    survey = ls.make_survey("两台服务器：长者参与满意度")
    toks = ls.tokens(accounts)
    director = director_token()
    bods = ls.bodies(97)
    path, read_path = ls.API_PATH.format(pk=survey.pk), MANAGE_PATH.format(pk=survey.pk)
    today = timezone.localdate()
    forgotten = forget_today(today)
    jobs = registry.daily_jobs()
    pg = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    connection.close()

    work = Path(tempfile.mkdtemp(prefix="two-servers-"))
    env = {**os.environ, "XINHUO_DAILY_HOUR": "0", "XINHUO_BACKUP_DIR": str(work / "backups"),
           "XINHUO_CACHE": cache, "XINHUO_REDIS_URL": args.redis_url, "XINHUO_CACHE_PREFIX": "xinhuo-bench"}
    ports = [ls.free_port(), ls.free_port()]
    logs = [work / f"server-{i + 1}.log" for i in range(2)]
    log(f"Starting two app servers (serve, {args.workers} worker(s) each, cache {cache}) on ports {ports} ...")
    procs: list[subprocess.Popen] = []
    try:
        # both at once: each serve tries to queue the daily jobs as it starts, as two servers do each morning
        procs = [start_server(port, args.workers, env, lg) for port, lg in zip(ports, logs, strict=True)]
        for proc, port, lg in zip(procs, ports, logs, strict=True):
            ls.wait_until_up(proc, port, lg, what="serve", within=90)
        half = len(toks) // 2
        loads: list[dict] = [{}, {}]
        read_out: dict = {}
        load0 = os.getloadavg()[0]
        log(f"Driving both for {args.seconds} s: {args.rate:.0f} answers/s each, and reads alternating ...")

        def drive(k: int) -> None:
            loads[k] = ls.run_python(ports[k], path, toks[k * half:(k + 1) * half], bods, seconds=args.seconds,
                                     rate=args.rate, connections=args.connections)

        threads = [threading.Thread(target=drive, args=(k,)) for k in range(2)]
        threads.append(threading.Thread(target=reads, args=(ports, read_path, director,
                                                             time.monotonic() + args.seconds, read_out)))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        load1 = os.getloadavg()[0]
        seen = []
        for port in ports:
            status, body = ls.http_once(port, "GET", read_path, director, None)
            seen.append(json.loads(body)["response_count"] if status == 200 else f"HTTP {status}")
        daily = wait_for_daily(jobs)
    finally:
        for proc in procs:
            ls.stop(proc, within=30)
    rows = ls.count_rows(survey.pk)
    rows["server_201"] = [served_201(lg, path) for lg in logs]
    created = sum(run["statuses"].get(201, 0) for run in loads)
    runs = sorted(DailyJobRun.objects.filter(day=today).values_list("job", "host"))
    archives = sorted(p.name for p in (work / "backups").glob("*.tar.gz")) if (work / "backups").exists() else []
    server_tail = {lg.name: lg.read_text(errors="replace")[-1500:] for lg in logs}
    shutil.rmtree(work, ignore_errors=True)

    verdict, ok = [], True
    total_201 = sum(rows["server_201"])
    if rows["responses"] == rows["participations"] == rows["participation_users"] == rows["response_count"] \
            == total_201 >= created:
        verdict.append(f"{total_201} answers through two servers, each stored once "
                       f"({rows['server_201'][0]} + {rows['server_201'][1]})")
    else:
        ok = False
        verdict.append(f"rows do not match the servers' 201s (client {created}): {rows}")
    bad = {k: {c: n for c, n in run["statuses"].items() if c != 201} for k, run in enumerate(loads)}
    if any(bad.values()) or any(run["errors"] for run in loads):
        ok = False
        verdict.append(f"other answers {bad}, errors {[run['errors'] for run in loads]}")
    if seen[0] == seen[1] == rows["response_count"]:
        verdict.append(f"both servers read the same count ({seen[0]})")
    else:
        ok = False
        verdict.append(f"the servers read different counts: {seen} (rows {rows['response_count']})")
    if read_out.get("regressions") or set(read_out.get("statuses", {})) - {"200"}:
        ok = False
        verdict.append(f"reads: {read_out}")
    else:
        verdict.append(f"{read_out.get('requests')} reads alternating between the servers, the count never went back")
    queued_once = sorted(job for job, _host in runs) == sorted(jobs) and all(len(s) == 1 for s in daily.values())
    ran = all(s == ["SUCCESSFUL"] for s in daily.values())
    if queued_once and ran and len(archives) == 1:
        hosts = Counter(host for _job, host in runs)
        verdict.append(f"{len(jobs)} daily jobs queued once between the two servers and run once; one backup "
                       f"archive (locks taken by {dict(hosts)})")
    else:
        ok = False
        verdict.append(f"daily jobs: locks {runs}, task rows {daily}, archives {archives}")

    report = {
        "meta": {"timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "database": vendor,
                 "database_name": label, "database_server": pg, "cache": cache, "servers": 2,
                 "workers_per_server": args.workers, "rate_per_server": args.rate, "seconds": args.seconds,
                 "cpus": os.cpu_count(), "load_average": [round(load0, 2), round(load1, 2)],
                 "git_commit": _git("rev-parse", "--short", "HEAD"), "git_dirty": bool(_git("status", "--porcelain"))},
        "dataset": prep | {"daily_locks_forgotten": forgotten},
        "load": loads, "reads": read_out, "counts_seen": seen, "rows": rows,
        "daily": {"jobs": len(jobs), "locks": len(runs), "task_rows": daily, "archives": len(archives)},
        "ok": ok, "verdict": verdict,
    }
    if not ok:
        report["server_log_tails"] = server_tail
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS_DIR / f"two-servers-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for k, run in enumerate(loads):
        rate = run["statuses"].get(201, 0) / run["seconds"] if run.get("seconds") else 0
        print(f"server {k + 1}: {run['statuses']} in {run.get('seconds', 0):.0f} s = {rate:.1f}/s, "
              f"p50 {run['latency_ms']['p50']} ms, p95 {run['latency_ms']['p95']} ms")
    print(f"reads: {read_out}")
    print("\n".join(("OK  " if ok else "FAIL ") + v for v in verdict))
    print(f"\nReport: {out.relative_to(REPO)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
