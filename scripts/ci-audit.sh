#!/usr/bin/env bash
# Known vulnerabilities in the installed dependencies (pip-audit over `pip freeze` of .venv).
#
# Fails (exit 1) on a vulnerability that has a fixed release: upgrade the pin in pyproject.toml. One without a fix
# is listed and does not fail. Exit 3 when no advisory database answers from this machine (PyPI's per-release
# JSON API, which pip-audit reads): the audit could not run, and .ci/run shows the step as skipped, not passed.
set -euo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT_VERSION=2.10.1
PY=.venv/bin/python
django_version=$($PY -c 'import django; print(django.get_version())')
if ! curl -sf -m 20 -o /dev/null "https://pypi.org/pypi/django/${django_version}/json"; then
    echo "No advisory database answers from this machine (https://pypi.org/pypi/django/${django_version}/json):"
    echo "the dependencies were NOT audited."
    exit 3
fi

AUDIT_VENV=${XINHUO_AUDIT_VENV:-.venv-audit}   # its own environment: pip-audit's dependencies stay out of the app's
[[ -x $AUDIT_VENV/bin/pip-audit ]] && "$AUDIT_VENV/bin/pip-audit" --version | grep -q "$PIP_AUDIT_VERSION" || {
    python3 -m venv "$AUDIT_VENV"
    "$AUDIT_VENV/bin/pip" install -q "pip-audit==${PIP_AUDIT_VERSION}"
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$PY -m pip freeze --exclude-editable --all > "$work/requirements.txt"
rc=0
"$AUDIT_VENV/bin/pip-audit" -r "$work/requirements.txt" --no-deps --disable-pip --progress-spinner off \
    --format json -o "$work/audit.json" || rc=$?
if [[ ! -s $work/audit.json ]]; then
    echo "pip-audit failed before reporting (exit $rc)"
    exit 1
fi
$PY - "$work/audit.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
fixable, unfixed, skipped = [], [], []
for dep in report.get("dependencies", []):
    if dep.get("skip_reason"):
        skipped.append(f"{dep['name']}: {dep['skip_reason']}")
    for vuln in dep.get("vulns", []):
        line = f"{dep['name']}=={dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or 'none'})"
        (fixable if vuln["fix_versions"] else unfixed).append(line)
audited = len(report.get("dependencies", [])) - len(skipped)
print(f"{audited} dependencies audited, {len(skipped)} not found in the advisory database")
for title, lines in (("not audited", skipped), ("known, no fix yet", unfixed), ("FIX AVAILABLE", fixable)):
    if lines:
        print(f"{title}:")
        print("\n".join(f"  {line}" for line in lines))
sys.exit(1 if fixable else 0)
PY
