#!/usr/bin/env bash
# Checks the launcher's first build as a new user sees it, in a fresh copy of the committed tree (HEAD) so
# it really is a first build: stderr not a terminal (a file), one line saying what happens and how long,
# no escape codes, the CLI runs; the second run builds nothing; no command exits 2 with the usage.
# Usage: scripts/test-launcher.sh   (about a minute on 2 cores: a full `mvn package` of the copy)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d "${TMPDIR:-/tmp}/foldproof-launcher.XXXXXX")
trap 'rm -rf "$work"' EXIT
git -C "$root" archive HEAD | tar -x -C "$work"
fail() { echo "FAIL: $*" >&2; echo "--- stderr:" >&2; cat -v "$work/err" >&2; exit 1; }

start=$(date +%s)
"$work/foldproof" --version >"$work/out" 2>"$work/err" || fail "first run exited $?"
secs=$(( $(date +%s) - start ))
grep -qx 'foldproof 0.1.0' "$work/out" || fail "no version on stdout: $(cat "$work/out")"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "expected exactly one line on stderr"
grep -q '^foldproof: building the CLI (first use or sources changed; about [0-9]* s' "$work/err" || fail "build line missing"
if LC_ALL=C grep -q $'\e' "$work/err" "$work/out"; then fail "escape codes in the output"; fi

"$work/foldproof" --version >"$work/out" 2>"$work/err" || fail "second run exited $?"
[ ! -s "$work/err" ] || fail "second run should not build"

code=0
"$work/foldproof" >"$work/out" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] || fail "no command: exit $code, expected 2"
grep -q 'Usage: foldproof' "$work/err" || fail "no command: usage expected on stderr"

echo "ok: first build ${secs} s, one line on stderr, no escape codes; second run builds nothing; no command exits 2"
