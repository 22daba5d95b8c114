#!/usr/bin/env bash
# What the test suite needs besides .venv, checked before every `make test` (and by .ci/run):
#
#   - Debian's chromium (the browser tests never download a browser), a CJK font so the
#     pages render in Chinese, gettext's msgfmt, fontconfig's fc-list to check the font, and
#     make; as root they are installed with apt-get, otherwise the script stops at once and
#     prints the command to run;
#   - the compiled translations: each xinhuo/**/locale/*.po is compiled when its .mo is
#     missing or differs from what msgfmt makes of the .po.
#
# XINHUO_CHROMIUM (as in the browser tests) points at another Chromium than /usr/bin/chromium.
set -euo pipefail

cd "$(dirname "$0")/.."

CHROMIUM=${XINHUO_CHROMIUM:-/usr/bin/chromium}

missing=()
[[ -x $CHROMIUM ]] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
command -v make >/dev/null 2>&1 || missing+=(make)

if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        {
            echo "The tests need system packages that are missing: ${missing[*]}"
            echo "Install them (Debian/Ubuntu) as root, then run make test again:"
            echo
            echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
        } >&2
        exit 1
    fi
    echo "installing the test suite's system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for a dpkg lock held by another run instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=600 update -q
    apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
    [[ -x $CHROMIUM ]] || { echo "chromium did not install at $CHROMIUM" >&2; exit 1; }
    fc-list :lang=zh family | grep -qi 'Noto Sans CJK' \
        || { echo "no Noto Sans CJK font found after installing fonts-noto-cjk" >&2; exit 1; }
fi
echo "test dependencies: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"), $(msgfmt --version | sed -n 1p)," \
    "$(fc-list :lang=zh family | grep -io 'Noto Sans CJK [A-Z]*' | sort | sed -n 1p)"

# Translations: compile a catalogue whose .mo is missing or stale (msgfmt is what compilemessages runs).
while IFS= read -r -d '' po; do
    mo=${po%.po}.mo
    tmp=$(mktemp "${mo}.XXXXXX")
    if ! msgfmt --check-format -o "$tmp" "$po"; then
        rm -f "$tmp"
        echo "msgfmt failed on $po" >&2
        exit 1
    fi
    if [[ -f $mo ]] && cmp -s "$tmp" "$mo"; then
        rm -f "$tmp"
    else
        chmod 644 "$tmp"
        mv "$tmp" "$mo"
        echo "compiled $mo"
    fi
done < <(find xinhuo -path '*/locale/*' -name '*.po' -print0)
