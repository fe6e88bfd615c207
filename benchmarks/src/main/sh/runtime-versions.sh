#!/usr/bin/env bash
# Single map operations through two builds of the runtime, side by side in one run:
# org.bpf4j.bench.MapOpsBenchmark (hash-map update+lookup one at a time, and lookup alone) is
# compiled once against the new build and run against each build's jars, ROUNDS times (7 by
# default), alternately and in alternating order, so that a change of load hits both alike.
#
#   benchmarks/src/main/sh/runtime-versions.sh OLD_ROOT [NEW_ROOT]     (NEW_ROOT: this repository)
#
# Each root is a checkout with its runtime packaged (no install), e.g. for an old commit:
#   git worktree add /tmp/old COMMIT && (cd /tmp/old && mvn -o -q package -DskipTests -pl jna-runtime -am)
#   mvn -o -q package -DskipTests -pl jna-runtime -am
# Needs root (BPF_MAP_CREATE) and JNA in ~/.m2. Prints, for CPU time (thread user+system: the
# figure to compare on a shared machine) and wall time, each build's median ns per operation
# over the rounds with the rounds' range, and new / old of the medians.
set -euo pipefail

old=$(cd "${1:?usage: runtime-versions.sh OLD_ROOT [NEW_ROOT]}" && pwd)
new=$(cd "${2:-$(dirname "$0")/../../../..}" && pwd)
rounds=${ROUNDS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

m2=${MAVEN_REPO:-$HOME/.m2/repository}
jna_version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$new/pom.xml" | head -1)
jna=$m2/net/java/dev/jna/jna/$jna_version/jna-$jna_version.jar

# The runtime and what it needs of the build under $1: its packaged jars, never the test jars.
runtime_cp() {
  local cp=$jna jar
  for m in annotations bpf-backend/object jna-runtime; do
    jar=$(ls "$1/$m"/target/*.jar | grep -v -- '-tests\.jar$' | head -1)
    [ -n "$jar" ] || { echo "no jar in $1/$m/target: package it first" >&2; exit 2; }
    cp=$cp:$jar
  done
  echo "$cp"
}
old_cp=$(runtime_cp "$old")
new_cp=$(runtime_cp "$new")
javac -d "$work/classes" -cp "$new_cp" "$new/benchmarks/src/main/java/org/bpf4j/bench/MapOpsBenchmark.java"

run() { java -cp "$work/classes:$2" org.bpf4j.bench.MapOpsBenchmark | sed "s/^/$1 /" | tee -a "$work/results.txt"; }
for r in $(seq 1 "$rounds"); do
  echo "# round $r"
  if [ $((r % 2)) -eq 1 ]; then run old "$old_cp"; run new "$new_cp"; else run new "$new_cp"; run old "$old_cp"; fi
done

echo "# $rounds rounds; old = $(git -C "$old" rev-parse --short HEAD), new = $(git -C "$new" rev-parse --short HEAD)"
python3 - "$work/results.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    side, _, *fields = line.split()
    f = dict(x.split("=", 1) for x in fields)
    for clock in ("cpu_ns_per_op", "ns_per_op"):
        runs.setdefault((f["name"], clock, side), []).append(float(f[clock]))
for name, clock in sorted({(n, c) for n, c, _ in runs}):
    o, n = runs[(name, clock, "old")], runs[(name, clock, "new")]
    print("%-26s %-4s old %7.1f ns (%.1f-%.1f)  new %7.1f ns (%.1f-%.1f)  new/old %.3f" % (
        name, "cpu" if clock.startswith("cpu") else "wall", statistics.median(o), min(o), max(o),
        statistics.median(n), min(n), max(n), statistics.median(n) / statistics.median(o)))
PY
