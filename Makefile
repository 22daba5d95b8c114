# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-deps install bench bench-surveys bench-mixed bench-two-servers lint typecheck messages clean-db mutate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m xinhuo serve --demo --host $(HOST) --port $(PORT)

# The tests run in parallel (pytest-xdist), one process per core, each with its own test database; a worker
# that runs out of tests takes some of the other's (worksteal), so one long test at the end does not leave a core idle.
TEST_WORKERS ?= auto

test: test-deps $(STAMP)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Chromium, the CJK font and msgfmt (apt-get as root, else the command to run), and the compiled translations.
test-deps:
	bash scripts/ensure-test-deps.sh

bench: $(STAMP)
	$(PY) -m bench

# Survey submissions under load through gunicorn (bench/README.md, surveys): wrk if installed (apt-get install -y
# wrk), else a Python client; DATABASE_URL=postgres://... for PostgreSQL. make bench-surveys LOAD_ARGS="--rate 0"
LOAD_ARGS ?= --seconds 60 --rate 300
bench-surveys: $(STAMP)
	$(PY) -m bench.load_surveys $(LOAD_ARGS)

# Two app servers (each `xinhuo serve`) against one PostgreSQL, driven at once, then checked: rows = 201s, the same
# data from both, each daily job queued and run once (bench/README.md). DATABASE_URL defaults to
# postgres://postgres@127.0.0.1:5432/xinhuo_two_servers (created when missing); Redis at 127.0.0.1:6379 when it answers.
TWO_SERVERS_ARGS ?= --seconds 30 --rate 40
bench-two-servers: $(STAMP)
	$(PY) -m bench.two_servers $(TWO_SERVERS_ARGS)

# Mutation testing (docs/mutation.md): mutmut per module with its own narrow tests, one mutant at a time under nice
# (a shared machine), then each module's score; minutes to an hour, so not part of .ci/run.
# make mutate MUTATE_MODULES="idcard masking"; make mutate MUTATE_ARGS=--report (the last runs' scores only)
MUTATE_MODULES ?=
MUTATE_ARGS ?=
mutate: $(STAMP)
	$(PY) scripts/mutate.py $(MUTATE_ARGS) $(MUTATE_MODULES)

# Reads that log and writes by 8 and 32 concurrent clients through gunicorn (bench/README.md, mixed load): rows
# counted, no 'database is locked'. DATABASE_URL=postgres://... for PostgreSQL. make bench-mixed MIXED_ARGS="--seconds 10"
MIXED_ARGS ?= --clients 8,32 --seconds 60
bench-mixed: $(STAMP)
	$(PY) -m bench.load_mixed $(MIXED_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check xinhuo bench
	$(VENV)/bin/mypy xinhuo

messages: $(STAMP)
	cd xinhuo && ../$(PY) -m django makemessages -l zh_Hans --no-obsolete --no-wrap --ignore 'static/*' --ignore 'tests/*' && ../$(PY) -m django compilemessages -l zh_Hans

clean-db:
	rm -f var/xinhuo.sqlite3 var/xinhuo.sqlite3-wal var/xinhuo.sqlite3-shm
