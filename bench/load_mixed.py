"""Mixed load through gunicorn (issue 21): reads that write an access-log row, and writes, by many users at once.

    .venv/bin/python -m bench.load_mixed [--clients 8,32] [--seconds 60] [--size small]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinhuo_mixed .venv/bin/python -m bench.load_mixed
    make bench-mixed

On SQLite every write takes the database's one write lock; this measures how far the site scales under that, and
that nothing is refused ("database is locked") or lost.

1. The dataset is the bench's demo school (bench/dataset.py: var/bench/<size>.sqlite3, built once, copied for
   each run to var/bench/load-mixed.run.sqlite3; or the PostgreSQL database DATABASE_URL names — create it first,
   `createdb -h 127.0.0.1 -U postgres xinhuo_mixed`; what a run writes stays there, its rows told apart by
   primary key).
2. Each client is logged in on its own: a session of its own (cookie, made server-side as a login does) and an
   API token of its own, for the personas director, teacher, teacher2, counsellor, leader in turn.
3. gunicorn (xinhuo.wsgi, --workers gthread workers with --threads threads each) serves; each client, with its
   own keep-alive connection, sends requests back to back for --seconds (a closed loop: the throughput is what
   the server gives), drawing each request from the mix:
   * reads that log (an access-log INSERT each): the students page (session) and the students API (token);
   * writes through the API (token): a mentoring contact on a pair the persona may log contacts for
     (POST /api/v1/care/pairs/{id}/contacts/), a home-visit record for a student whose care the persona follows
     (POST /api/v1/care/home-visits/) — whichever the persona may do; --write-share of the requests (0.3).
4. Afterwards it counts rows: the run's access-log rows of the reads, its contacts and its visits (by primary key),
   each against the server's own count of 2xx answers for that kind (gunicorn's access log, which also holds
   those in flight when the clients stopped). Fails (exit 1) on any 5xx or other unexpected status, a client
   error, "database is locked" in the server's log, or a count that does not match.

Prints per client count: requests/s (2xx), p50/p95/p99 per kind and in all, the server's CPU per request and the
load average (the machine may be shared: the figures are then lower than the server could do alone). Writes
bench/results/load-mixed-<UTC>-<sqlite|postgresql>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from .env import BENCH_VAR, REPO, RESULTS_DIR, configure

PERSONAS = ["director", "teacher", "teacher2", "counsellor", "leader"]
RUN_SQLITE = BENCH_VAR / "load-mixed.run.sqlite3"
KINDS = ("students page", "students api", "contact", "home visit")
PATHS = {"students page": "/people/students/", "students api": "/api/v1/students/",
         "contact": "/api/v1/care/pairs/{pk}/contacts/", "home visit": "/api/v1/care/home-visits/"}


# -- the dataset and the clients' credentials -----------------------------------------------------------------------

def prepare(size: str, log) -> dict:
    """The demo school (bench/dataset.py); on SQLite a fresh copy of it for this run."""
    from django.db import connection

    from . import dataset
    from .env import choose_target

    target = choose_target(size)
    dataset.check_connection(target)
    info = dataset.prepare(target, size, log=log)
    if target.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        for f in dataset._sqlite_files(RUN_SQLITE):
            f.unlink(missing_ok=True)
        assert target.sqlite_path is not None
        shutil.copyfile(target.sqlite_path, RUN_SQLITE)
        connection.settings_dict["NAME"] = str(RUN_SQLITE)
        os.environ["DATABASE_URL"] = f"sqlite:///{RUN_SQLITE}"  # the server's workers open the copy
    return {"vendor": target.vendor, "label": target.label, "reused": info.get("reused")}


def login_session(user) -> str:
    """A session for `user`, as django.contrib.auth.login makes it; returns its key (the cookie's value)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def clients_credentials(n: int, shared: bool = False) -> list[dict]:
    """n clients, personas in turn, each with its own session and API token and what it may write; with `shared`
    all of them use the first one's (one user in several tabs, or a script: the case of issue 21's 12.2 req/s)."""
    from xinhuo.care.common import students_in_care
    from xinhuo.care.mentoring.selectors import contact_pairs
    from xinhuo.core import tokens
    from xinhuo.core.access import build_actor
    from xinhuo.core.models import User

    per_persona = {}
    for name in PERSONAS:
        user = User.objects.get(username=name)
        if user.must_change_password:
            User.objects.filter(pk=user.pk).update(must_change_password=False)
            user.refresh_from_db()
        actor = build_actor(user)
        assert actor is not None, name
        may = {"contact": [], "home visit": []}
        if actor.can("mentoring.view"):
            may["contact"] = list(contact_pairs(actor).filter(ended_on__isnull=True).values_list("pk", flat=True)[:50])
        if actor.can("home_visits.record"):
            may["home visit"] = list(students_in_care(actor).values_list("pk", flat=True)[:50])
        per_persona[name] = (user, may)
    out: list[dict] = []
    for i in range(n):
        if shared and out:
            out.append(out[0])
            continue
        name = PERSONAS[i % len(PERSONAS)]
        user, may = per_persona[name]
        _token, key = tokens.issue(user, name=f"load-mixed {i}")
        out.append({"persona": name, "session": login_session(user), "token": key, **may})
    return out


def _tables():
    from xinhuo.care.models import HomeVisit, MentoringContact
    from xinhuo.core.models import AccessLog

    return {"access_log": AccessLog, "contact": MentoringContact, "home visit": HomeVisit}


def watermarks() -> dict:
    """The highest primary key of each table counted: the run's rows are those above (the run is the only writer
    of its database; the topic is encrypted, so not a filter)."""
    from django.db.models import Max

    return {name: model.objects.aggregate(m=Max("pk"))["m"] or 0 for name, model in _tables().items()}


def count_rows(marks: dict) -> dict:
    tables = _tables()
    counts = {name: model.objects.filter(pk__gt=marks[name]).count() for name, model in tables.items()}
    # the access-log rows of the reads (a home visit's record writes one of its own, object_type home_visit)
    counts["access_log"] = tables["access_log"].objects.filter(
        pk__gt=marks["access_log"], object_type="student", action__in=["list", "search"]).count()
    return counts


# -- the load -------------------------------------------------------------------------------------------------------

def _request(method: str, path: str, *, cookie: str = "", token: str = "", body: str = "") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if cookie:
        head.append(f"Cookie: sessionid={cookie}")
    if token:
        head.append(f"Authorization: Token {token}")
    data = body.encode()
    if method == "POST":
        head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data


def make_request(kind: str, client: dict, rnd: random.Random, marker: str, seq: int) -> bytes:
    if kind == "students page":
        return _request("GET", PATHS[kind], cookie=client["session"])
    if kind == "students api":
        return _request("GET", PATHS[kind], token=client["token"])
    if kind == "contact":
        body = {"way": rnd.choice(["phone", "in_person", "message"]), "topic": f"{marker} {seq}",
                "next_step": "下周再联系"}
        return _request("POST", PATHS[kind].format(pk=rnd.choice(client["contact"])), token=client["token"],
                        body=json.dumps(body, ensure_ascii=False))
    body = {"student": rnd.choice(client["home visit"]), "visited_on": dt.date.today().isoformat(), "way": "phone",
            "visitor_kinds": ["head_teacher"], "visitors": f"{marker} {seq}", "notes": "家长反映孩子近期情绪稳定。"}
    return _request("POST", PATHS[kind], token=client["token"], body=json.dumps(body, ensure_ascii=False))


async def _drive(port: int, clients: list[dict], seconds: float, write_share: float, marker: str) -> dict:
    from .load_surveys import _Conn

    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    errors: Counter = Counter()
    seq = iter(range(10**9))

    async def run(i: int, client: dict) -> None:
        rnd = random.Random(i)
        writes = [k for k in ("contact", "home visit") if client[k]]
        conn = _Conn(port)
        while loop.time() < end:
            if writes and rnd.random() < write_share:
                kind = rnd.choice(writes)
            else:
                kind = rnd.choice(["students page", "students api"])
            data = make_request(kind, client, rnd, marker, next(seq))
            t0 = time.perf_counter()
            try:
                status = await asyncio.wait_for(conn.request(data), 30)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[f"{kind}: {type(exc).__name__}"] += 1
                conn = _Conn(port)
                continue
            latencies[kind].append((time.perf_counter() - t0) * 1000)
            statuses[kind][status] += 1

    t_start = loop.time()
    await asyncio.gather(*(run(i, c) for i, c in enumerate(clients)))
    return {"seconds": loop.time() - t_start, "latencies": latencies, "statuses": statuses, "errors": errors}


def summarise(raw: dict) -> dict:
    from .harness import percentile

    def lat(values: list[float]) -> dict:
        if not values:
            return {}
        return {p: round(percentile(values, int(p[1:])), 1) for p in ("p50", "p95", "p99")} | {
            "max": round(max(values), 1)}

    every = [v for kind in raw["latencies"] for v in raw["latencies"][kind]]
    seconds = raw["seconds"]
    kinds = {}
    for kind in KINDS:
        st = raw["statuses"].get(kind, Counter())
        ok = sum(n for s, n in st.items() if 200 <= s < 300)
        kinds[kind] = {"requests": sum(st.values()), "ok": ok, "per_s": round(ok / seconds, 1),
                       "statuses": {str(k): v for k, v in sorted(st.items())},
                       "latency_ms": lat(raw["latencies"][kind])}
    ok = sum(k["ok"] for k in kinds.values())
    return {"seconds": round(seconds, 2), "requests": sum(k["requests"] for k in kinds.values()), "ok": ok,
            "per_s": round(ok / seconds, 1), "latency_ms": lat(every), "kinds": kinds,
            "errors": dict(raw["errors"])}


def server_counts(access_log: Path) -> dict[str, Counter]:
    """2xx and other statuses per kind, from gunicorn's access log ("%(s)s %(U)s")."""
    out: dict[str, Counter] = defaultdict(Counter)
    for line in access_log.read_text().splitlines():
        status, _, path = line.partition(" ")
        if path == PATHS["students page"]:
            kind = "students page"
        elif path == PATHS["students api"]:
            kind = "students api"
        elif path.startswith("/api/v1/care/pairs/") and path.endswith("/contacts/"):
            kind = "contact"
        elif path == PATHS["home visit"]:
            kind = "home visit"
        else:
            continue
        out[kind][int(status)] += 1
    return out


def one_run(n: int, args, log) -> dict:
    from django.db import connection

    from .load_surveys import cpu_seconds, free_port, start_gunicorn, stop

    marker = f"负载{dt.datetime.now():%H%M%S}-{n}"
    clients = clients_credentials(n, shared=args.shared_session)
    marks = watermarks()
    connection.close()  # the server's workers open their own
    work = Path(tempfile.mkdtemp(prefix="load-mixed-"))
    port = free_port()
    log(f"{n} clients: starting gunicorn ({args.workers} workers x {args.threads} threads) on port {port} ...")
    settings_module = os.environ["DJANGO_SETTINGS_MODULE"]
    if args.save_every_request:  # the server only: this process's settings are loaded already
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_save_every_request"
    try:
        proc = start_gunicorn(port, args.workers, "gthread", args.threads, "api", work / "gunicorn.log")
    finally:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    try:
        # warm up: every worker imports and compiles what the requests use, outside the timed window
        asyncio.run(_drive(port, clients[:min(n, 4)], 3, args.write_share, marker))
        load0, cpu0 = os.getloadavg(), cpu_seconds(proc.pid)
        log(f"  driving for {args.seconds} s ...")
        raw = asyncio.run(_drive(port, clients, args.seconds, args.write_share, marker))
        cpu = cpu_seconds(proc.pid) - cpu0
        load1 = os.getloadavg()
    finally:
        stop(proc)
    gunicorn_log = (work / "gunicorn.log").read_text(errors="replace")
    served = server_counts(work / "access.log")
    shutil.rmtree(work, ignore_errors=True)
    result = summarise(raw)
    rows = count_rows(marks)
    server_ok = {k: sum(c for s, c in served[k].items() if 200 <= s < 300) for k in KINDS}
    verdict, ok = [], True
    locked = gunicorn_log.count("database is locked")
    if locked:
        ok = False
        verdict.append(f"'database is locked' {locked} time(s) in the server's log")
    bad = {k: {s: c for s, c in served[k].items() if not 200 <= s < 300} for k in KINDS}
    bad = {k: v for k, v in bad.items() if v}
    if bad or result["errors"]:
        ok = False
        verdict.append(f"other answers {bad}, client errors {result['errors']}")
    expected = {"access_log": server_ok["students page"] + server_ok["students api"],
                "contact": server_ok["contact"], "home visit": server_ok["home visit"]}
    if rows != expected:
        ok = False
        verdict.append(f"rows {rows} != the server's 2xx {expected}")
    else:
        verdict.append(f"rows match the server's 2xx: {rows}")
    if result["ok"] > sum(server_ok.values()):
        ok = False
        verdict.append("the clients saw more 2xx than the server logged")
    out = {"clients": n, **result, "rows": rows, "server_2xx": server_ok,
           "server_cpu_ms_per_request": round(cpu * 1000 / max(sum(sum(c.values()) for c in served.values()), 1), 2),
           "load_average": [round(load0[0], 2), round(load1[0], 2)], "ok": ok, "verdict": verdict}
    if not ok:
        out["gunicorn_log_tail"] = gunicorn_log[-3000:]
    return out


def table(report: dict) -> str:
    m = report["meta"]
    lines = [f"mixed load — {m['database']} ({m['database_server']}), {m['size']} demo, gunicorn {m['workers']} "
             f"workers x {m['threads']} threads, {m['seconds']} s, {m['write_share']:.0%} writes, "
             f"{'one shared session' if m['shared_session'] else 'a session per client'}"
             f"{', session saved on every request' if m['save_every_request'] else ''}, commit "
             f"{m['git_commit']}, {m['cpus']} CPUs"]
    for run in report["runs"]:
        lat = run["latency_ms"]
        lines += ["", f"{run['clients']} clients: {run['per_s']} req/s (2xx) — p50 {lat.get('p50')} ms, "
                  f"p95 {lat.get('p95')} ms, p99 {lat.get('p99')} ms; server CPU {run['server_cpu_ms_per_request']} "
                  f"ms/request; load average {run['load_average'][0]} → {run['load_average'][1]}"]
        for kind, k in run["kinds"].items():
            kl = k["latency_ms"]
            lines.append(f"  {kind:<14} {k['ok']:>6} ok {k['per_s']:>7}/s  p50 {kl.get('p50', '-'):>7}  "
                         f"p95 {kl.get('p95', '-'):>7}  statuses {k['statuses']}")
        lines.append(("  PASS: " if run["ok"] else "  FAIL: ") + "; ".join(run["verdict"]))
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load_mixed", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", default="8,32", help="concurrent clients, one run each (default 8,32)")
    p.add_argument("--seconds", type=float, default=60, help="length of each run (default 60)")
    p.add_argument("--size", choices=["small", "large"], default="small", help="the demo school (default small)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as serve)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    p.add_argument("--write-share", type=float, default=0.3, help="share of requests that write (default 0.3)")
    p.add_argument("--shared-session", action="store_true",
                   help="every client uses the same session and token (the director's)")
    p.add_argument("--save-every-request", action="store_true",
                   help="serve with the session saved on every request, as before issue 21 (to compare)")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    try:
        args.client_counts = [int(x) for x in args.clients.split(",") if x.strip()]
    except ValueError:
        p.error("--clients takes numbers separated by commas, e.g. 8,32")
    if (not args.client_counts or min(args.client_counts) < 1 or args.seconds <= 0 or args.workers < 1
            or args.threads < 1 or not 0 <= args.write_share <= 1):
        p.error("--clients, --seconds, --workers and --threads must be positive, --write-share within 0..1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    configure(args.size)
    os.environ.setdefault("XINHUO_LOG_LEVEL", "ERROR")

    def log(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    import django

    django.setup()
    from django.db import connection

    from .harness import _git

    info = prepare(args.size, log)
    if connection.vendor == "postgresql":
        server = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        import sqlite3

        server = f"SQLite {sqlite3.sqlite_version}"
    runs = [one_run(n, args, log) for n in args.client_counts]
    report = {"meta": {"timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                       "database": info["vendor"], "database_name": info["label"], "database_server": server,
                       "size": args.size, "workers": args.workers, "threads": args.threads,
                       "seconds": args.seconds, "write_share": args.write_share, "cpus": os.cpu_count(),
                       "shared_session": args.shared_session, "save_every_request": args.save_every_request,
                       "git_commit": _git("rev-parse", "--short", "HEAD"),
                       "git_dirty": bool(_git("status", "--porcelain"))},
              "runs": runs, "ok": all(r["ok"] for r in runs)}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"load-mixed-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{info['vendor']}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(report))
    print(f"\nReport: {out.relative_to(REPO)}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
