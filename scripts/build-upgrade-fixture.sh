#!/usr/bin/env bash
# Rebuild xinhuo/core/tests/fixtures/previous-release.sql.gz: the database of the previous release, for the upgrade
# test (xinhuo/core/tests/test_upgrade.py). There are no release tags: the previous release is the commit below, the
# last of the 2026-12-03 work (core, people, elders, care, activities, plans, news, selections, clubs; before
# wellbeing and surveys). It is checked out into a temporary git worktree, migrated and filled with the demo school
# there (small size), with fixed keys (the test uses the same ones), and the SQLite file is dumped as SQL.
# Usage: scripts/build-upgrade-fixture.sh [COMMIT]   (run from anywhere in the repository; uses .venv)
set -euo pipefail
COMMIT=${1:-b01f9b31e8f38256c01d98e667a288e15829112d}
ROOT=$(git rev-parse --show-toplevel)
OUT="$ROOT/xinhuo/core/tests/fixtures/previous-release.sql.gz"
WORK=$(mktemp -d)
cleanup() { git -C "$ROOT" worktree remove --force "$WORK/src" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
git -C "$ROOT" worktree add --detach "$WORK/src" "$COMMIT" >/dev/null
cd "$WORK/src"
unset DATABASE_URL XINHUO_PRODUCTION
export DJANGO_SETTINGS_MODULE=xinhuo.settings
export XINHUO_VAR_DIR="$WORK/var"
# the keys of test_upgrade.py (UPGRADE_KEYS): test data only
export XINHUO_SECRET_KEY=upgrade-fixture-secret-key-test-data-only-0123456789abcdef
export XINHUO_FIELD_SALT=upgrade-fixture-field-salt
export XINHUO_INDEX_KEY=upgrade-fixture-index-key
export XINHUO_DEMO_PASSWORD=Upgrade-Fixture-2026
PY="$ROOT/.venv/bin/python"
# python -m puts the worktree first on sys.path: the old commit's code runs, not the checkout's
"$PY" -c 'import xinhuo, sys; p = xinhuo.__file__; print("code:", p); sys.exit(not p.startswith(sys.argv[1]))' "$WORK/src"
"$PY" -m xinhuo migrate --verbosity 0
"$PY" -m xinhuo demo --size small >/dev/null
"$PY" - "$WORK/var/xinhuo.sqlite3" "$OUT" "$(git rev-parse HEAD)" <<'PYEOF'
import gzip, sqlite3, sys
db, out, commit = sys.argv[1:]
con = sqlite3.connect(db)
# the change history and the task queue are large and not what the upgrade test reads: kept empty
for table in ("auditlog_logentry", "django_tasks_database_dbtaskresult", "core_accesslog", "django_session"):
    try:
        con.execute(f"DELETE FROM {table}")
    except sqlite3.OperationalError:
        pass
con.commit()
with gzip.GzipFile(out, "wb", mtime=0) as fh:
    fh.write(f"-- previous release: commit {commit}; built by scripts/build-upgrade-fixture.sh\n".encode())
    for line in con.iterdump():
        fh.write((line + "\n").encode())
print(out)
PYEOF
ls -l "$OUT"
