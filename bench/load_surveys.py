"""Load test of the surveys' hot path (issue 14): anonymous submissions through gunicorn, counted afterwards.

    .venv/bin/python -m bench.load_surveys [--seconds 60] [--workers N] [--rate 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinhuo_load .venv/bin/python -m bench.load_surveys
    make bench-surveys

What it does:

1. Prepares its own database, never the developer's: SQLite var/bench/load-surveys.sqlite3 (kept, with the
   accounts; each run works on a scratch copy, load-surveys.run.sqlite3), or the PostgreSQL database DATABASE_URL
   names (create it first: createdb -h 127.0.0.1 -U postgres xinhuo_load; the previous run's surveys are removed).
   Migrates, then makes a school "bench-load" with a director and --accounts elder accounts (bulk-created, each
   with a DRF token). Elders, because the audience check is then a membership only: the cost measured is the
   submission's.
2. Creates, through the services, an open ANONYMOUS survey for the elders with ten questions of mixed kinds
   (single, multiple, Likert 5 and 7, matrix, rating, a skip-logic question, number, short and long text), and a
   second one to warm the workers up on (each worker derives the answer column's key once, ~0.1 s).
3. Starts gunicorn (xinhuo.wsgi, --workers, sync workers like `xinhuo serve`, or --worker-class gthread) on a
   free port, warms it up, then drives POST /api/v1/surveys/open/{id}/submit/ {"answers": {...}} for --seconds
   at --rate per second (0: as fast as it goes), each request with another account's token (one answer per
   person), from a load generator on this machine:
   * wrk (Debian: `apt-get install -y wrk`) with a generated Lua script that rotates tokens and bodies and
     paces the requests (a schedule per wrk thread); latency is from sending to the full response;
   * else, or with --generator python, an asyncio client on raw HTTP/1.1 connections (keep-alive when the
     server keeps them), paced the same way.
4. Counts the rows afterwards: the survey's Response rows, its submitted Participation rows and its
   response_count must all equal the 201 answers (nothing lost, nothing twice); any 4xx/5xx is reported.

Prints a table and writes bench/results/load-surveys-<UTC timestamp>-<sqlite|postgresql>.json. Exit status 1
when the run fails its budget (achieved rate below --rate, p95 above 150 ms, an error or a lost row).

--endpoint service serves the same submission through a bare token-authenticated view that calls
selectors.answerable and services.response_save (no serializer): the service's own cost, e.g. to profile it.
--profile N makes N submissions in this process instead (Django's test client, same middleware), under cProfile,
and prints the query count of one submission and the functions that cost most.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .env import BENCH_VAR, POSTGRES_SCHEMES, REPO, RESULTS_DIR

SCHOOL_CODE = "bench-load"
PREFIX = "load"  # account usernames: load-00001 ...
BASE_SQLITE = BENCH_VAR / "load-surveys.sqlite3"
RUN_SQLITE = BENCH_VAR / "load-surveys.run.sqlite3"
BUDGET_P95_MS = 150.0
WARMUP_ACCOUNTS = 400  # the last accounts answer the warm-up survey only
API_PATH = "/api/v1/surveys/open/{pk}/submit/"
SERVICE_PATH = "/__load__/surveys/{pk}/submit/"


# -- where -------------------------------------------------------------------------------------------------------

def configure() -> tuple[str, str]:
    """Point Django at the load test's database (before settings load). Returns (vendor, label)."""
    url = os.environ.get("DATABASE_URL", "")
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    if url.split(":", 1)[0].lower() in POSTGRES_SCHEMES:
        vendor, label = "postgresql", url.rsplit("@", 1)[-1]
    else:
        if url:
            print(f"note: DATABASE_URL={url!r} is not PostgreSQL: using the load test's own SQLite file",
                  file=sys.stderr)
        url, vendor, label = f"sqlite:///{RUN_SQLITE}", "sqlite", str(RUN_SQLITE.relative_to(REPO))
    os.environ.update(DATABASE_URL=url, XINHUO_VAR_DIR=str(BENCH_VAR), DJANGO_SETTINGS_MODULE="xinhuo.settings",
                      XINHUO_DEBUG="0", XINHUO_LOG_LEVEL=os.environ.get("XINHUO_LOG_LEVEL", "ERROR"))
    return vendor, label


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


# -- the dataset -------------------------------------------------------------------------------------------------

def prepare_accounts(vendor: str, accounts: int, log) -> dict:
    """Migrate and make the school, its director and `accounts` elders with tokens. On SQLite this is done in the
    kept file, which is then copied for the run."""
    from django.core.management import call_command
    from django.db import connection

    from .dataset import check_connection, pending_migrations
    from .env import Target

    t0 = time.perf_counter()
    if vendor == "sqlite":
        connection.close()
        connection.settings_dict["NAME"] = str(BASE_SQLITE)
        meta_path = BASE_SQLITE.with_suffix(".json")
        fp = migrations_fingerprint()
        if _read_json(meta_path).get("fingerprint") != fp:  # migrations edited since: build it again
            for f in _sqlite_files(BASE_SQLITE):
                f.unlink(missing_ok=True)
            meta_path.write_text(json.dumps({"fingerprint": fp}) + "\n")
    else:
        from .dataset import DatasetError

        try:
            check_connection(Target("postgresql", os.environ["DATABASE_URL"]))
        except DatasetError as exc:
            raise SystemExit(f"bench.load_surveys: {exc}".replace("xinhuo_bench", "xinhuo_load")) from None
    pending = pending_migrations()
    if pending:
        log(f"Applying {len(pending)} migration(s) ...")
        call_command("migrate", interactive=False, verbosity=0)
    made = _accounts(accounts, log)
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        for f in _sqlite_files(RUN_SQLITE):
            f.unlink(missing_ok=True)
        shutil.copyfile(BASE_SQLITE, RUN_SQLITE)
        connection.settings_dict["NAME"] = str(RUN_SQLITE)
    return {"accounts": accounts, "accounts_created": made, "migrations_applied": len(pending),
            "prepare_s": round(time.perf_counter() - t0, 2)}


def migrations_fingerprint() -> str:
    import hashlib

    from django.apps import apps

    h = hashlib.sha256()
    for app in apps.get_app_configs():
        for f in sorted((Path(app.path) / "migrations").glob("*.py")):
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _accounts(wanted: int, log) -> int:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from xinhuo.core.models import Membership, Role, School, User

    school, _ = School.objects.get_or_create(code=SCHOOL_CODE, defaults={"name": "负载测试学校"})
    director, made = User.objects.get_or_create(username=f"{PREFIX}-director", defaults={"full_name": "主任"})
    if made:
        director.set_unusable_password()
        director.save()
    Membership.objects.get_or_create(user=director, school=school, role=Role.DIRECTOR)
    have = set(User.objects.filter(username__startswith=f"{PREFIX}-").values_list("username", flat=True))
    missing = [f"{PREFIX}-{n:05d}" for n in range(1, wanted + 1) if f"{PREFIX}-{n:05d}" not in have]
    if not missing:
        return 0
    log(f"Creating {len(missing)} accounts ...")
    unusable = make_password(None)
    with transaction.atomic():
        for start in range(0, len(missing), 2000):
            chunk = missing[start:start + 2000]
            User.objects.bulk_create([User(username=u, full_name=f"长者{u[-5:]}", password=unusable) for u in chunk],
                                     batch_size=500)
            users = list(User.objects.filter(username__in=chunk))
            Membership.objects.bulk_create([Membership(user=u, school=school, role=Role.ELDER) for u in users],
                                           batch_size=500)
    return len(missing)


def tokens(n: int) -> list[str]:
    """Fresh API tokens for the first n accounts, issued for this run: the database keeps only their hashes, and a
    kept dataset's tokens would have expired (XINHUO_API_TOKEN_DAYS) or gone idle (XINHUO_API_TOKEN_IDLE_DAYS)."""
    from django.db import connection, transaction

    from xinhuo.core import tokens as api_tokens
    from xinhuo.core.models import ApiToken, User

    names = [f"{PREFIX}-{k:05d}" for k in range(1, n + 1)]
    users = User.objects.filter(username__startswith=f"{PREFIX}-").in_bulk(names, field_name="username")
    keys = [api_tokens.new_key() for _name in names]
    with transaction.atomic(), connection.cursor() as cursor:
        # one statement, without the change history's row per deleted token (a queryset's delete would write them)
        cursor.execute(f"DELETE FROM {ApiToken._meta.db_table} WHERE user_id IN "  # noqa: S608 (model names)
                       f"(SELECT id FROM {User._meta.db_table} WHERE username LIKE %s)", [f"{PREFIX}-%"])
        ApiToken.objects.bulk_create([api_tokens.unsaved(users[name], key)
                                      for name, key in zip(names, keys, strict=True)], batch_size=500)
    return keys


QUESTIONS = [
    {"kind": "single", "text": "您参加关工委活动的频率", "required": True,
     "options": ["每周", "每月", "每学期", "很少"]},
    {"kind": "multiple", "text": "您参与过的活动（可多选）",
     "options": ["宣讲", "结对帮扶", "护校", "家访", "读书会", "其他"], "min_choices": 1, "max_choices": 3,
     "required": True},
    {"kind": "likert", "text": "活动安排合理", "points": 5, "required": True},
    {"kind": "likert", "text": "学校对老同志的关心到位", "points": 7},
    {"kind": "matrix", "text": "请评价以下方面", "rows": ["组织", "内容", "时间", "交通"], "points": 5,
     "required": True},
    {"kind": "rating", "text": "总体满意度", "points": 5, "required": True},
    {"kind": "page", "text": ""},
    {"kind": "single", "text": "是否愿意继续参加", "options": ["愿意", "不确定", "不愿意"], "required": True},
    {"kind": "short_text", "text": "不愿意的原因", "show_if": {"key": "q8", "values": [2]}},
    {"kind": "number", "text": "每月可投入的小时数", "min_value": 0, "max_value": 200},
    {"kind": "long_text", "text": "您的建议"},
]
SUGGESTIONS = ["希望多组织一些面向低年级的宣讲活动。", "", "交通不便，希望学校能安排接送。",
               "活动很有意义，孩子们很喜欢听老故事。", "建议提前一周通知活动时间。", "", "希望增加与家长的交流。"]


def make_survey(title: str):
    """An open anonymous survey for the school's elders, built and published through the services."""
    from django.utils import timezone

    from xinhuo.core.access import build_actor
    from xinhuo.core.models import School, User
    from xinhuo.surveys import services

    school = School.objects.get(code=SCHOOL_CODE)
    actor = build_actor(User.objects.get(username=f"{PREFIX}-director"), school.pk)
    now = timezone.now()
    survey = services.survey_create(actor=actor, title=title, anonymous=True, for_elders=True,
                                    opens_at=now - dt.timedelta(minutes=5), closes_at=now + dt.timedelta(days=1))
    for q in QUESTIONS:
        services.question_save(actor=actor, survey=survey, **q)
    keys = [q.key for q in survey.questions.order_by("order")]
    assert keys[7] == "q8" and keys[8] == "q9", keys  # the skip condition names q8
    return services.survey_publish(actor=actor, survey=survey)


def bodies(n: int, seed: int = 14) -> list[str]:
    """n different answer sets in the API's canonical form (some answer the conditional question)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        stay = rnd.choice([0, 0, 1, 2])
        answers = {"q1": rnd.randrange(4), "q2": sorted(rnd.sample(range(6), rnd.randint(1, 3))),
                   "q3": rnd.randint(1, 5), "q4": rnd.randint(1, 7),
                   "q5": {str(r): rnd.randint(1, 5) for r in range(4)}, "q6": rnd.randint(1, 5), "q8": stay,
                   "q10": rnd.randint(0, 40)}
        if stay == 2:
            answers["q9"] = "身体原因"
        text = SUGGESTIONS[i % len(SUGGESTIONS)]
        if text:
            answers["q11"] = text
        out.append(json.dumps({"answers": answers}, ensure_ascii=False, separators=(",", ":")))
    return out


def clear_previous(log) -> None:
    """Remove earlier runs' surveys with their answers (PostgreSQL keeps them between runs)."""
    from django.db import transaction

    from xinhuo.surveys.models import Participation, Question, Response, Survey

    old = list(Survey.objects.filter(school__code=SCHOOL_CODE).values_list("pk", flat=True))
    if not old:
        return
    with transaction.atomic():
        for model in (Response, Participation, Question):
            qs = model.objects.filter(survey_id__in=old)
            qs._raw_delete(qs.db)  # tens of thousands of rows: no per-row cascade collection
        Survey.objects.filter(pk__in=old).delete()
    log(f"Removed {len(old)} survey(s) of earlier runs")


def count_rows(survey_pk: int) -> dict:
    from django.db.models import Count

    from xinhuo.surveys.models import Participation, Response, Survey

    parts = Participation.objects.filter(survey_id=survey_pk)
    return {
        "responses": Response.objects.filter(survey_id=survey_pk).count(),
        "participations": parts.filter(submitted=True).count(),
        "participation_users": parts.aggregate(n=Count("user_id", distinct=True))["n"],
        "response_count": Survey.objects.get(pk=survey_pk).response_count,
    }


# -- the server --------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, worker_class: str, threads: int, endpoint: str, log_path: Path):
    app = "xinhuo.wsgi:application" if endpoint == "api" else "bench.load_surveys:service_app()"
    # the access log says how many answers the server took (201), also those still in flight when the client
    # stopped counting: the rows are compared with it
    cmd = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
           "--worker-class", worker_class, "--backlog", "2048", "--timeout", "60", "--graceful-timeout", "10",
           "--access-logfile", str(log_path.with_name("access.log")), "--access-logformat", "%(s)s %(U)s"]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    log_file = log_path.open("w")
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT, env=os.environ.copy())
    wait_until_up(proc, port, log_path, what="gunicorn", within=60)
    return proc


def wait_until_up(proc: subprocess.Popen, port: int, log_path: Path, *, what: str, within: float) -> None:
    """Until the server started as `proc` answers /healthz on the port (the servers of bench/two_servers.py too)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} on port {port} exited ({proc.returncode}); its log: {log_path}")
        try:
            if http_once(port, "GET", "/healthz", None, None)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"{what} did not answer on port {port} within {within:.0f} s; its log: {log_path}")


def stop(proc: subprocess.Popen, *, within: float = 20) -> None:
    """SIGTERM (serve stops its gunicorn and worker; gunicorn its workers), then the whole group killed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=within)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # started in a session of its own
            except OSError:  # not a group leader (plain gunicorn)
                proc.kill()
            proc.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the gunicorn master and its workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


def http_once(port: int, method: str, path: str, token: str | None, body: str | None) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    conn.request(method, path, body=body.encode() if body else None, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def warm_up(port: int, path: str, toks: list[str], body: str, workers: int) -> Counter:
    """Concurrent submissions to the warm-up survey, so that every worker has loaded what it caches."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(4, workers * 2)) as pool:
        results = list(pool.map(lambda t: http_once(port, "POST", path, t, body), toks))
    statuses = Counter(s for s, _ in results)
    if not any(200 <= s < 300 for s in statuses):
        sample = next(d for s, d in results)
        raise SystemExit(f"the warm-up submissions failed: {dict(statuses)}; first answer: {sample[:300]!r}\n"
                         "(is the answering API there? --endpoint service measures the service without it)")
    return statuses


# -- load generators ---------------------------------------------------------------------------------------------

WRK_LUA = r"""-- generated by bench/load_surveys.py: one token per request, bodies in turn, requests paced per thread
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } lt_timeval;
int gettimeofday(lt_timeval *tv, void *tz);
]]
local tv = ffi.new("lt_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  tokens = {}
  for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
  bodies = {}
  for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
  nthreads = %(threads)d
  interval = %(interval_ms).6f
  nexti = id
  nextslot = nil
  statuses = {}
end

function request()
  local i = nexti %% #tokens + 1
  nexti = nexti + nthreads
  return wrk.format("POST", "%(path)s", {["Authorization"] = "Token " .. tokens[i],
                    ["Content-Type"] = "application/json"}, bodies[i %% #bodies + 1])
end

function delay()
  if interval <= 0 then return 0 end
  local t = now_ms()
  if nextslot == nil or nextslot < t - interval then nextslot = t end  -- behind: no burst to catch up
  nextslot = nextslot + interval
  local d = nextslot - t
  if d < 0 then d = 0 end
  return d
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local codes = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do codes[code] = (codes[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(codes) do parts[#parts + 1] = string.format('"%%d": %%d', code, n) end
  io.write(string.format('LOADJSON {"requests": %%d, "duration_us": %%d, "errors": {"connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d}, "latency_us": {"p50": %%d, "p90": %%d, "p95": %%d, "p99": %%d, ' ..
    '"mean": %%.1f, "max": %%d}, "statuses": {%%s}}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.mean, latency.max, table.concat(parts, ", ")))
end
"""


def run_wrk(port: int, path: str, toks: list[str], bods: list[str], *, seconds: int, rate: float,
            connections: int, threads: int, workdir: Path) -> dict:
    (workdir / "tokens.txt").write_text("\n".join(toks) + "\n")
    (workdir / "bodies.txt").write_text("\n".join(bods) + "\n")
    script = workdir / "submit.lua"
    script.write_text(WRK_LUA % {"tokens": workdir / "tokens.txt", "bodies": workdir / "bodies.txt",
                                 "threads": threads, "interval_ms": threads * 1000.0 / rate if rate else 0.0,
                                 "path": path})
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", str(script), f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("LOADJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    data = json.loads(line[len("LOADJSON "):])
    lat = {k: v / 1000 for k, v in data["latency_us"].items()}
    return {"generator": "wrk", "requests": data["requests"], "seconds": data["duration_us"] / 1e6,
            "statuses": {int(k): v for k, v in data["statuses"].items()}, "errors": data["errors"],
            "latency_ms": {k: round(v, 2) for k, v in lat.items()}, "connections": connections, "threads": threads}


class _Conn:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, data: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
        length = int(headers.get("content-length", "0"))
        if length:
            await self.reader.readexactly(length)
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
            self.reader = self.writer = None
        return status


async def _python_load(port: int, path: str, toks: list[str], bods: list[str], seconds: int, rate: float,
                       connections: int) -> dict:
    requests = [(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {t}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(b.encode())}\r\n\r\n{b}").encode()
                for t, b in ((t, bods[i % len(bods)]) for i, t in enumerate(toks))]
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: Counter = Counter()
    loop = asyncio.get_running_loop()
    start = loop.time()
    end = start + seconds
    state = {"next": 0, "slot": start}
    interval = 1.0 / rate if rate else 0.0

    async def worker() -> None:
        conn = _Conn(port)
        while True:
            if interval:
                slot = max(state["slot"], loop.time() - interval)  # behind: no burst to catch up
                state["slot"] = slot + interval
                wait = slot - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
            if loop.time() >= end:
                return
            i = state["next"]
            state["next"] += 1
            t0 = time.perf_counter()
            try:
                status = await asyncio.wait_for(conn.request(requests[i % len(requests)]), 10)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] += 1
                conn = _Conn(port)
                continue
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[status] += 1

    await asyncio.gather(*(worker() for _ in range(connections)))
    # every request counted was sent within the window (those in flight at its end are waited for), as wrk counts
    elapsed = min(loop.time() - start, float(seconds))
    from .harness import percentile

    return {"generator": "python", "requests": len(latencies) + sum(errors.values()), "seconds": elapsed,
            "statuses": dict(statuses), "errors": dict(errors), "connections": connections,
            "latency_ms": {p: round(percentile(latencies, int(p[1:])), 2) for p in ("p50", "p90", "p95", "p99")}
            | {"mean": round(sum(latencies) / max(len(latencies), 1), 2), "max": round(max(latencies or [0]), 2)}}


def run_python(port: int, path: str, toks: list[str], bods: list[str], *, seconds: int, rate: float,
               connections: int) -> dict:
    return asyncio.run(_python_load(port, path, toks, bods, seconds, rate, connections))


# -- the service endpoint (--endpoint service) ------------------------------------------------------------------

def service_app():
    """gunicorn's app for --endpoint service: the project with one extra URL (this module's urlpatterns)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinhuo.settings")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    settings.ROOT_URLCONF = __name__
    return app


_urlpatterns: list | None = None


def __getattr__(name: str):
    """`urlpatterns` for service_app, built on first use (after Django is set up)."""
    global _urlpatterns
    if name != "urlpatterns":
        raise AttributeError(name)
    if _urlpatterns is None:
        from django.urls import include, path
        from rest_framework.response import Response
        from rest_framework.views import APIView

        from xinhuo.core.api import ActorMixin
        from xinhuo.surveys import selectors, services

        class Submit(ActorMixin, APIView):
            def post(self, request, pk):
                survey = selectors.answerable(self.actor, pk, questions=False)
                services.response_save(actor=self.actor, survey=survey, raw=request.data.get("answers") or {})
                return Response({"ok": True}, status=201)

        _urlpatterns = [path(SERVICE_PATH.format(pk="<int:pk>").lstrip("/"), Submit.as_view()),
                        path("", include("xinhuo.urls"))]
    return _urlpatterns


# -- profile (--profile N) ---------------------------------------------------------------------------------------

def profile(path: str, toks: list[str], bods: list[str], n: int, endpoint: str) -> dict:
    import cProfile
    import io
    import pstats

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from .harness import percentile

    urlconf = __name__ if endpoint == "service" else settings.ROOT_URLCONF
    client = Client(HTTP_HOST="127.0.0.1")

    def post(i: int):
        return client.post(path, bods[i % len(bods)], content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {toks[i]}")

    with override_settings(ROOT_URLCONF=urlconf):
        for i in range(3):
            r = post(i)
            assert r.status_code == 201, (r.status_code, r.content[:300])
        with CaptureQueriesContext(connection) as q:
            post(3)
        queries = [x["sql"] for x in q.captured_queries]
        times, cpu = [], []
        for i in range(4, 4 + n):  # timed without the profiler: CPU time is what a busy machine changes least
            c0, t0 = time.process_time(), time.perf_counter()
            r = post(i)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert r.status_code == 201, (r.status_code, r.content[:300])
        prof = cProfile.Profile()
        for i in range(4 + n, 4 + 2 * n):
            prof.enable()
            r = post(i)
            prof.disable()
            assert r.status_code == 201, (r.status_code, r.content[:300])
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(45)
    print(out.getvalue())
    print(f"{len(queries)} queries per submission:")
    for sql in queries:
        print("  " + sql[:160])
    result = {"n": n, "queries": len(queries), "p50_ms": round(percentile(times, 50), 2),
              "p95_ms": round(percentile(times, 95), 2), "cpu_p50_ms": round(percentile(cpu, 50), 2),
              "cpu_mean_ms": round(sum(cpu) / len(cpu), 2), "load_average": round(os.getloadavg()[0], 2)}
    print(f"in-process, one submission: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, CPU p50 "
          f"{result['cpu_p50_ms']} ms, mean {result['cpu_mean_ms']} ms (load {result['load_average']})")
    return result


# -- main --------------------------------------------------------------------------------------------------------

def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load_surveys", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=int, default=60, help="length of the timed run (default 60)")
    p.add_argument("--rate", type=float, default=300, help="submissions per second to offer; 0: as fast as it "
                   "goes (default 300)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as serve)")
    p.add_argument("--worker-class", choices=["sync", "gthread"], default="gthread",
                   help="gunicorn worker class (default gthread, as `xinhuo serve`)")
    p.add_argument("--threads", type=int, default=1, help="threads per gthread worker (default 1, as serve)")
    p.add_argument("--connections", type=int, default=16, help="client connections (default 16)")
    p.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto",
                   help="wrk when installed (auto), or the asyncio client")
    p.add_argument("--accounts", type=int, default=0,
                   help="accounts to have (default: enough for the run, at least 20,000)")
    p.add_argument("--endpoint", choices=["api", "service"], default="api",
                   help="api: POST /api/v1/surveys/open/{id}/submit/; service: a bare view over the service")
    p.add_argument("--profile", type=int, metavar="N", default=0,
                   help="time N submissions in this process, then profile N more, instead of a load run")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.seconds < 1 or args.workers < 1 or args.connections < 1 or args.rate < 0:
        p.error("--seconds, --workers and --connections must be positive, --rate not negative")
    return args


def table(report: dict) -> str:
    r, m, rows = report["run"], report["meta"], report["rows"]
    lat = r["latency_ms"]
    ok = r["statuses"].get(201, 0)
    s4 = sum(n for c, n in r["statuses"].items() if 400 <= int(c) < 500)
    s5 = sum(n for c, n in r["statuses"].items() if int(c) >= 500)
    lines = [
        f"surveys load test — {m['database']} ({m['database_server']}), gunicorn {m['workers']} {m['worker_class']} "
        f"worker(s), {r['generator']} with {r['connections']} connections, commit {m['git_commit']}",
        f"{'offered rate':<26} {m['rate'] or 'max':>10} /s for {m['seconds']} s",
        f"{'requests sent':<26} {r['requests']:>10}",
        f"{'201 / 4xx / 5xx / errors':<26} {ok:>10} / {s4} / {s5} / {sum(r['errors'].values())}",
        f"{'achieved rate (201)':<26} {report['achieved_rate']:>10.1f} /s",
        f"{'latency p50 / p95 / p99':<26} {lat['p50']:>10.1f} / {lat['p95']:.1f} / {lat['p99']:.1f} ms "
        f"(max {lat['max']:.0f})",
        f"{'server CPU per request':<26} {report['server_cpu_ms_per_request']:>10.2f} ms",
        f"{'rows: responses':<26} {rows['responses']:>10}",
        f"{'rows: participations':<26} {rows['participations']:>10} ({rows['participation_users']} people)",
        f"{'survey.response_count':<26} {rows['response_count']:>10}",
        f"{'201s in the access log':<26} {rows['server_201']:>10}",
        "",
    ]
    lines += [("PASS" if report["ok"] else "FAIL") + ": " + "; ".join(report["verdict"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    vendor, label = configure()

    def log(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    generator = args.generator
    if generator in ("auto", "wrk") and shutil.which("wrk") is None:
        if generator == "wrk":
            raise SystemExit("wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu), or --generator python")
        log("note: wrk is not installed (`apt-get install -y wrk`): using the asyncio client")
        generator = "python"
    elif generator == "auto":
        generator = "wrk"

    import django

    django.setup()
    from django.db import connection

    from .harness import _git

    need = int(args.rate * args.seconds * 1.1) if args.rate else 600 * args.seconds
    accounts = args.accounts or max(20000, need + WARMUP_ACCOUNTS)
    log(f"Preparing {label} ({accounts} accounts) ...")
    prep = prepare_accounts(vendor, accounts, log)
    clear_previous(log)
    survey = make_survey("负载测试：长者参与满意度")
    warm = make_survey("负载测试：预热")
    toks = tokens(accounts)
    run_toks, warm_toks = toks[:-WARMUP_ACCOUNTS], toks[-WARMUP_ACCOUNTS:]
    bods = bodies(97)
    pattern = API_PATH if args.endpoint == "api" else SERVICE_PATH
    path, warm_path = pattern.format(pk=survey.pk), pattern.format(pk=warm.pk)
    server = ""
    if vendor == "postgresql":
        server = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        import sqlite3

        server = f"SQLite {sqlite3.sqlite_version}"
    if args.profile:
        result = profile(path, run_toks, bods, args.profile, args.endpoint)
        print(f"rows: {count_rows(survey.pk)}; {result}")
        return 0

    connection.close()  # the server's workers open their own
    work = Path(tempfile.mkdtemp(prefix="load-surveys-"))
    port = free_port()
    log(f"Starting gunicorn ({args.workers} {args.worker_class} workers) on port {port} ...")
    proc = start_gunicorn(port, args.workers, args.worker_class, args.threads, args.endpoint, work / "gunicorn.log")
    try:
        warm_statuses = warm_up(port, warm_path, warm_toks, bods[0], args.workers)
        log(f"Warm-up: {dict(warm_statuses)}")
        load0 = os.getloadavg()[0]
        cpu0 = cpu_seconds(proc.pid)
        log(f"Submitting for {args.seconds} s at {args.rate or 'max'}/s with {generator} ...")
        if generator == "wrk":
            run = run_wrk(port, path, run_toks, bods, seconds=args.seconds, rate=args.rate,
                          connections=args.connections, threads=2, workdir=work)
        else:
            run = run_python(port, path, run_toks, bods, seconds=args.seconds, rate=args.rate,
                             connections=args.connections)
        cpu = cpu_seconds(proc.pid) - cpu0
        load1 = os.getloadavg()[0]
    finally:
        stop(proc)
    gunicorn_log = (work / "gunicorn.log").read_text(errors="replace")[-3000:]
    served = Counter(line.split(" ", 1)[0] for line in (work / "access.log").read_text().splitlines()
                     if line.endswith(" " + path))
    shutil.rmtree(work, ignore_errors=True)
    rows = count_rows(survey.pk)
    rows["server_201"] = served.get("201", 0)
    run["server_statuses"] = dict(served)
    created = run["statuses"].get(201, 0)
    achieved = created / run["seconds"] if run["seconds"] else 0.0
    verdict, ok = [], True
    if args.rate and achieved < args.rate * 0.98:
        ok = False
        verdict.append(f"achieved {achieved:.0f}/s < {args.rate:.0f}/s")
    else:
        verdict.append(f"{achieved:.0f}/s sustained")
    if run["latency_ms"]["p95"] > BUDGET_P95_MS:
        ok = False
        verdict.append(f"p95 {run['latency_ms']['p95']:.0f} ms > {BUDGET_P95_MS:.0f} ms")
    else:
        verdict.append(f"p95 {run['latency_ms']['p95']:.0f} ms ≤ {BUDGET_P95_MS:.0f} ms")
    bad = {c: n for c, n in run["statuses"].items() if c != 201}
    if bad or any(run["errors"].values()):
        ok = False
        verdict.append(f"other answers {bad} errors {run['errors']}")
    # the client's count stops with the clock; answers in flight then are served and logged: the rows must match
    # the server's 201s exactly, and the client cannot have seen more than the server
    if not (rows["responses"] == rows["participations"] == rows["participation_users"] == rows["response_count"]
            == rows["server_201"] >= created):
        ok = False
        verdict.append(f"rows do not match the 201s (client {created}): {rows}")
    else:
        verdict.append(f"all {rows['server_201']} answers stored once ({rows['server_201'] - created} in flight "
                       "at the end)")
    report = {
        "meta": {"timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "database": vendor,
                 "database_name": label, "database_server": server, "endpoint": args.endpoint, "path": path,
                 "workers": args.workers, "worker_class": args.worker_class,
                 "threads": args.threads if args.worker_class == "gthread" else 1, "rate": args.rate,
                 "seconds": args.seconds, "cpus": os.cpu_count(), "load_average": [round(load0, 2), round(load1, 2)],
                 "git_commit": _git("rev-parse", "--short", "HEAD"), "git_dirty": bool(_git("status", "--porcelain")),
                 "questions": len(QUESTIONS)},
        "dataset": prep, "warmup": {str(k): v for k, v in warm_statuses.items()}, "run": run, "rows": rows,
        "achieved_rate": round(achieved, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(run["requests"], 1), 2),
        "ok": ok, "verdict": verdict,
    }
    if not ok:
        report["gunicorn_log_tail"] = gunicorn_log
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS_DIR / f"load-surveys-{stamp}-{vendor}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(report))
    print(f"\nReport: {out.relative_to(REPO)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
