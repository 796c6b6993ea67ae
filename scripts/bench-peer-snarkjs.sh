#!/usr/bin/env bash
# bench-peer-snarkjs.sh: the peer side by side (issue 15). snarkjs Groth16 proves one layer tile of the real
# CIFAR-10 ResNet-18, exported with `foldproof export`; foldproof proves the same image through the whole
# network, and its progress line for that layer gives the layer's own time. One CSV line per system on
# stdout (commented notes start with '#'); docs/benchmarks.md has the table and the command.
#
# Usage: scripts/bench-peer-snarkjs.sh [LAYER [TILE]]     (default: Conv_2 16, a 3x3 conv of the first stage)
# Env:   FOLDPROOF_DATA (default ../shared/data), BENCH_DIR (default target/bench-peer),
#        SNARKJS_DIR (default target/snarkjs; snarkjs@0.7.6 is installed there with npm --ignore-scripts if absent),
#        PTAU=FILE to reuse a prepared powers-of-tau file (e.g. target/bench-peer/pot.ptau of an earlier run)
# Needs: JDK 17+, Maven, node + npm, python3, GNU time (/usr/bin/time) for the peak resident set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
layer=${1:-Conv_2}
tile=${2:-16}
data=${FOLDPROOF_DATA:-$root/../shared/data}
work=${BENCH_DIR:-$root/target/bench-peer}
sjdir=${SNARKJS_DIR:-$root/target/snarkjs}
onnx=$data/cifar10-resnet18/model.onnx
calib=$data/cifar10-test-dev
image=$data/cifar10-test-dev/cat/0000.jpg
for f in "$onnx" "$image"; do
  [ -e "$f" ] || { echo "bench-peer-snarkjs: $f not found (set FOLDPROOF_DATA)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench-peer-snarkjs: GNU time (/usr/bin/time) is needed for the peak RSS" >&2; exit 2; }
command -v node >/dev/null || { echo "bench-peer-snarkjs: node not found" >&2; exit 2; }
mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ -n "${PTAU:-}" ]; then
  [ -f "$PTAU" ] || { echo "bench-peer-snarkjs: PTAU=$PTAU not found" >&2; exit 2; }
  PTAU="$(cd "$(dirname "$PTAU")" && pwd)/$(basename "$PTAU")"
fi
log=$work/log.txt
: > "$log"
say() { echo "# $*" >&2; }

snarkjs=$sjdir/node_modules/.bin/snarkjs
if [ ! -x "$snarkjs" ]; then
  say "installing snarkjs@0.7.6 into $sjdir (npm, --ignore-scripts)"
  npm install --ignore-scripts --no-audit --no-fund --prefix "$sjdir" snarkjs@0.7.6 >>"$log" 2>&1
fi
sjversion=$(node -e "console.log(require('$sjdir/node_modules/snarkjs/package.json').version)")

# timed CMD...: runs CMD with its output in the log; sets $secs (wall clock), $cpu (user + system seconds,
# all threads: less disturbed than the wall clock on a shared machine) and $rss_kb (peak resident set)
timed() {
  /usr/bin/time -o "$work/time.txt" -f "%e %M %U %S" "$@" >>"$log" 2>&1 || { echo "bench-peer-snarkjs: failed: $* (see $log)" >&2; exit 1; }
  read -r secs rss_kb usr sys < "$work/time.txt"
  cpu=$(sumf "$usr" "$sys")
}
maxf() { python3 -c "import sys; print(max(float(a) for a in sys.argv[1:]))" "$@"; }
sumf() { python3 -c "import sys; print(f'{sum(float(a) for a in sys.argv[1:]):.2f}')" "$@"; }
mb() { python3 -c "import sys; print(f'{float(sys.argv[1]) / 1024:.0f}')" "$1"; }

fp="$root/foldproof"
export FOLDPROOF_PROGRESS=lines
export FOLDPROOF_CACHE=$work/cache
say "building the CLI (if needed) and quantizing the CIFAR-10 ResNet-18"
"$fp" quantize --model "$onnx" --calib "$calib" --out "$work/c18.fpq" >>"$log" 2>&1

# ---- snarkjs: Groth16 on the exported tile
say "exporting $layer tile $tile"
"$fp" export --model "$work/c18.fpq" --image "$image" --layer "$layer" --tile "$tile" --out "$work/export" --json > "$work/export.json"
read -r r1cs wtns constraints npub < <(python3 -c "
import json,sys; j=json.load(open(sys.argv[1])); print(j['r1cs'], j['wtns'], j['constraints'], j['publicOutputs'])" "$work/export.json")
power=$(python3 -c "import math,sys; n=int(sys.argv[1])+int(sys.argv[2])+1; print(max(8, math.ceil(math.log2(n))))" "$constraints" "$npub")
cd "$work"
"$snarkjs" r1cs info "$r1cs" >>"$log" 2>&1
"$snarkjs" wtns check "$r1cs" "$wtns" >>"$log" 2>&1 || { echo "bench-peer-snarkjs: snarkjs wtns check failed (see $log)" >&2; exit 1; }
if [ -n "${PTAU:-}" ]; then
  # a prepared powers-of-tau file of at least 2^$power from an earlier run (the slow part: about 13 minutes at 2^14)
  say "snarkjs $sjversion: reusing powers of tau $PTAU"
  [ "$PTAU" -ef pot.ptau ] || cp "$PTAU" pot.ptau
  ptau_note="reused $PTAU"
else
  say "snarkjs $sjversion: powers of tau 2^$power (made here, one contribution)"
  timed "$snarkjs" powersoftau new bn128 "$power" pot0.ptau;                        t_new=$secs
  timed "$snarkjs" powersoftau contribute pot0.ptau pot1.ptau --name=bench -e="bench-peer-snarkjs $RANDOM$RANDOM"; t_con=$secs
  timed "$snarkjs" powersoftau prepare phase2 pot1.ptau pot.ptau;                   t_pre=$secs
  ptau_note="$(sumf "$t_new" "$t_con" "$t_pre") s (new $t_new, contribute $t_con, prepare phase2 $t_pre)"
fi
say "snarkjs: groth16 setup, prove, verify"
timed "$snarkjs" groth16 setup "$r1cs" pot.ptau tile.zkey;             s1=$secs; r1=$rss_kb
timed "$snarkjs" zkey export verificationkey tile.zkey vk.json;       s2=$secs; r2=$rss_kb
timed "$snarkjs" groth16 prove tile.zkey "$wtns" proof.json public.json; sp=$secs; rp=$rss_kb; sp_cpu=$cpu
timed "$snarkjs" groth16 verify vk.json public.json proof.json;       sv=$secs; rv=$rss_kb
sj_setup=$(sumf "$s1" "$s2")
sj_rss=$(mb "$(maxf "$r1" "$r2" "$rp" "$rv")")
sj_bytes=$(wc -c < proof.json | tr -d ' ')

# ---- foldproof: the whole network on the same image; the layer's own line from the progress log
say "foldproof: prove (generators built on the first run into a fresh cache, then a measured run), verify"
rm -rf "$work/cache"
timed "$fp" prove --model "$work/c18.fpq" --image "$image" --out "$work/cold.proof";  cold=$secs
timed "$fp" prove --model "$work/c18.fpq" --image "$image" --out "$work/cat.proof";   fprove=$secs; frss=$rss_kb; fprove_cpu=$cpu
# the measured run's line for the layer: "[  3/18] Conv_2    32 tiles     1.23 s" (the last one in the log)
layer_s=$(sed -n 's/^\[ *[0-9]*\/[0-9]*\] '"$layer"' .* tiles *\([0-9.]*\) s$/\1/p' "$log" | tail -1)
[ -n "$layer_s" ] || { echo "bench-peer-snarkjs: no progress line for layer $layer in $log" >&2; exit 1; }
timed "$fp" verify "$work/cat.proof" --model "$work/c18.fpq";                       fverify=$secs; vrss=$rss_kb
fp_setup=$(python3 -c "import sys; print(f'{max(0.0, float(sys.argv[1]) - float(sys.argv[2])):.2f}')" "$cold" "$fprove")
fp_bytes=$(wc -c < "$work/cat.proof" | tr -d ' ')
fp_rss=$(mb "$(maxf "$frss" "$vrss")")
"$fp" inspect --model "$work/c18.fpq" --json > "$work/inspect.json"
read -r layer_constraints layer_tiles total < <(python3 -c "
import json,sys; j=json.load(open(sys.argv[1]))
l=[x for x in j['layers'] if x['name']==sys.argv[2]][0]
print(l['tiles']*l['constraints_per_tile'], l['tiles'], j['total_constraints'])" "$work/inspect.json" "$layer")

echo "system,what,constraints,setup_s,prove_s,verify_s,proof_bytes,peak_rss_mb,prove_cpu_s"
echo "snarkjs-groth16 $sjversion,$layer tile $tile,$constraints,$sj_setup,$sp,$sv,$sj_bytes,$sj_rss,$sp_cpu"
echo "foldproof-layer,$layer ($layer_tiles tiles; fold+blind+compress inside the network proof),$layer_constraints,,$layer_s,,,,"
echo "foldproof,cifar10-resnet18 whole network (all layers),$total,$fp_setup,$fprove,$fverify,$fp_bytes,$fp_rss,$fprove_cpu"
echo "# snarkjs powers of tau 2^$power (universal, reusable; not in setup_s): $ptau_note"
echo "# snarkjs setup_s = groth16 setup + verification key export; proof_bytes = proof.json (binary: 128 bytes compressed, 256 uncompressed)"
echo "# foldproof setup_s = first run minus second run (Pedersen generators by hash-to-curve, cached); prove/verify = wall clock of the command, JVM start included"
python3 -c "
import sys
c,s,lc,ls,t,tp=map(float,sys.argv[1:])
print(f'# proving rate: snarkjs {c/s:,.0f} constraints/s; foldproof {lc/ls:,.0f} constraints/s on {sys.argv[3]} constraints of the layer, {t/tp:,.0f} constraints/s over the whole network')
" "$constraints" "$sp" "$layer_constraints" "$layer_s" "$total" "$fprove"
uptime | sed 's/^ */# load at the end: /'
