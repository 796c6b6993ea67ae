#!/usr/bin/env bash
# A/B of the generated Fr multiplication/squaring kernel variants (BENCH_VARIANTS in
# scripts/gen-montgomery-mul.py: Kj17/Kj21 are the kernels in use, the others alternatives and the
# previous kernels) under every JDK in /usr/lib/jvm (or the java binaries given as arguments). Interleaved in one JVM per JDK; see scripts/field-ab/FieldKernelsAB.java.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 "$root/scripts/gen-montgomery-mul.py" --bench "$tmp/src"
cp "$root/scripts/field-ab/FieldKernelsAB.java" "$tmp/src/"
javas=("$@")
if [ ${#javas[@]} -eq 0 ]; then
  declare -A seen=()
  for home in /usr/lib/jvm/*/; do
    real="$(readlink -f "$home")"
    [ -x "$real/bin/javac" ] && [ -z "${seen[$real]:-}" ] || continue
    seen[$real]=1
    javas+=("$real/bin/java")
  done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for java in "${javas[@]}"; do
  bin="$(dirname "$java")"
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  out="$tmp/classes-$v"
  mkdir -p "$out"
  if [ "$v" -ge 21 ]; then
    "$bin/javac" --release 21 -d "$out" "$tmp"/src/*.java
  else
    "$bin/javac" --release 17 -d "$out" "$tmp"/src/Kj17*.java "$tmp/src/FieldKernelsAB.java"
  fi
  names=$(cd "$tmp/src" && ls K*.java | sed 's/^K//; s/\.java$//')
  "$java" -cp "$out" bench.FieldKernelsAB $names
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
