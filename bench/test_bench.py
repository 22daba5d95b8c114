"""The bench's machinery on the small demo: every case is served and measured, the report is
complete. Timings are never asserted here (DESIGN.md: performance is measured in bench/)."""

from __future__ import annotations

import json
import math

import pytest

from bench import harness
from bench.cases import CASES, Job
from bench.env import BENCH_VAR, choose_target
from xinhuo.core.demo import build_demo
from xinhuo.core.models import AccessLog, School


def test_target_is_the_bench_sqlite_file_unless_postgres_is_given():
    sqlite = choose_target("large", {})
    assert sqlite.vendor == "sqlite" and sqlite.sqlite_path == BENCH_VAR / "large.sqlite3"
    other = choose_target("small", {"DATABASE_URL": "sqlite:////tmp/dev.sqlite3"})
    assert other.sqlite_path == BENCH_VAR / "small.sqlite3" and other.note
    pg = choose_target("large", {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/xinhuo_bench"})
    assert pg.vendor == "postgresql" and pg.label == "127.0.0.1:5432/xinhuo_bench"


def test_percentile():
    assert harness.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert harness.percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    assert harness.percentile([5.0], 95) == 5.0


@pytest.mark.django_db
def test_harness_reports_every_case_with_p95_and_query_count(tmp_path):
    build_demo(size="small")
    logs_before = AccessLog.objects.count()

    def probe(ctx):
        School.objects.create(name="bench probe", code="bench-probe")  # rolled back after the job
        return {"school": ctx.school.code}

    report = harness.run(repeat=2, warmup=1, cleanup=True, jobs=[Job("probe", probe, budget_s=60)])
    report["meta"] = harness.meta(vendor="sqlite", database="test", size="small", repeat=2, warmup=1,
                                  only=None)
    report["over_budget"] = harness.over_budget(report)
    path = harness.write(report, tmp_path)
    data = json.loads(path.read_text())
    assert json.loads((tmp_path / "latest.json").read_text()) == data

    assert {(r["case"], r["role"]) for r in data["cases"]} == {(c.name, c.role) for c in CASES}
    for row in [data["baseline"], *data["cases"]]:
        assert row["error"] is None, row
        assert row["status"] == 200
        assert isinstance(row["p95_ms"], float) and math.isfinite(row["p95_ms"]), row
        assert isinstance(row["queries"], int) and row["queries"] > 0, row
        assert row["n"] == 2
    assert all(isinstance(r["ratio"], float) for r in data["cases"])

    [job] = data["jobs"]
    assert job["result"] == {"school": "xinhuo-demo"} and isinstance(job["seconds"], float)
    assert not School.objects.filter(code="bench-probe").exists()
    # The list pages wrote access-log rows; the cleanup took them away again.
    assert AccessLog.objects.count() == logs_before
    assert data["cleanup"].get("core.AccessLog", 0) > 0

    text = harness.table(data)
    assert all(c.name in text for c in CASES)


def test_only_filters_cases():
    chosen = harness.selected(CASES, "api", lambda c: f"{c.key} {c.kind}")
    assert chosen and all(c.kind == "api" for c in chosen)
