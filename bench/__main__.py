"""`python -m bench` (`make bench`): build or reuse the demo dataset, time every case, report.

    python -m bench                      # large demo, SQLite file under var/bench/
    DATABASE_URL=postgres://... python -m bench
    python -m bench --size small --repeat 5 --only students
"""

from __future__ import annotations

import argparse
import sys


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=["small", "large"], default="large", help="demo size (default: large)")
    p.add_argument("--repeat", type=int, default=30, help="timed requests per case (default: 30)")
    p.add_argument("--warmup", type=int, default=2, help="untimed requests per case first (default: 2)")
    p.add_argument("--only", metavar="SUBSTRING", help="only cases/jobs whose name, role or path contains it")
    p.add_argument("--rebuild", action="store_true",
                   help="build the SQLite dataset again even if it is current")
    p.add_argument("--strict", action="store_true", help="exit 1 when a case or job is over budget")
    p.add_argument("--quiet", action="store_true", help="no per-case progress lines")
    p.add_argument("--no-gc-tune", action="store_true",
                   help="leave the garbage collector as Python starts it (the server's: xinhuo.core.gctune)")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    from .env import RESULTS_DIR, configure

    target = configure(args.size)  # before Django reads its settings

    import django

    django.setup()
    from . import dataset, harness

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if target.note:
        log(f"note: {target.note}")
    try:
        dataset.check_connection(target)
        ds = dataset.prepare(target, args.size, rebuild=args.rebuild, log=log)
    except dataset.DatasetError as exc:
        log(f"bench: {exc}")
        return 2
    where = target.label
    if target.vendor == "sqlite":
        where = f"a scratch copy of {target.label}"
        dataset.scratch_copy(target)  # requests write access-log rows; keep the prepared file as built
    if not args.no_gc_tune:  # as a server worker runs (xinhuo/wsgi.py): start-up objects frozen, gen-0 threshold
        from xinhuo.core import gctune

        gctune.tune()
    log(f"Timing on {where}, {args.repeat} requests per case ...")
    report = harness.run(repeat=args.repeat, warmup=args.warmup, only=args.only,
                         cleanup=target.vendor != "sqlite", log=(lambda s: None) if args.quiet else log)
    report = {
        "meta": harness.meta(vendor=target.vendor, database=target.label, size=args.size, repeat=args.repeat,
                             warmup=args.warmup, only=args.only),
        "dataset": ds, **report,
    }
    report["jobs"] = ds.pop("jobs") + report["jobs"]  # the demo build and migrate, when they ran
    report["over_budget"] = harness.over_budget(report)
    path = harness.write(report, RESULTS_DIR)
    print()
    harness.print_table(report)
    print(f"\nReport: {path.relative_to(RESULTS_DIR.parent.parent)} (and bench/results/latest.json)")
    errors = any(r["error"] for r in report["cases"]) or any(j["error"] for j in report["jobs"])
    if errors:
        return 1
    return 1 if args.strict and report["over_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
