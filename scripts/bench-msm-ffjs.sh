#!/usr/bin/env bash
# Compares our MSM with snarkjs's engine (npm ffjavascript, G1.multiExpAffine) on 2^LOG_SIZE random
# points and scalars, in the same run on the same machine. Needs node + npm; ffjavascript is installed
# with --ignore-scripts into $FFJS_DIR (default scripts/.ffjs, git-ignored).
# Usage: scripts/bench-msm-ffjs.sh [LOG_SIZE=18] [RUNS=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log_size="${1:-18}"
runs="${2:-3}"
ffjs_version="${FFJS_VERSION:-0.3.1}"
dir="${FFJS_DIR:-$root/scripts/.ffjs}"

if [ ! -f "$dir/node_modules/ffjavascript/package.json" ]; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"foldproof-ffjs-bench","private":true}' > "$dir/package.json"
  echo "installing ffjavascript@$ffjs_version into $dir (--ignore-scripts)..." >&2
  (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --silent "ffjavascript@$ffjs_version" >&2)
fi
cp "$root/scripts/bench-msm-ffjs.mjs" "$dir/bench-msm-ffjs.mjs"

ffjs_json="$(cd "$dir" && LOG_SIZE="$log_size" RUNS="$runs" node bench-msm-ffjs.mjs)"
ours_json="$("$root/foldproof" bench msm --log-size "$log_size" --scalars full --runs "$runs" --json)"
echo "ffjavascript: $ffjs_json"
echo "foldproof:    $ours_json"

median() { sed -E 's/.*"median_ms":([0-9.]+).*/\1/' <<<"$1"; }
ffjs_ms="$(median "$ffjs_json")"
ours_ms="$(median "$ours_json")"
ratio="$(awk -v a="$ffjs_ms" -v b="$ours_ms" 'BEGIN { printf "%.2f", a / b }')"
echo "MSM 2^$log_size: ffjavascript ${ffjs_ms} ms, foldproof ${ours_ms} ms, ratio ${ratio}x (target >= 5x)"
awk -v r="$ratio" 'BEGIN { exit !(r >= 5) }' || { echo "below the 5x target" >&2; exit 1; }
