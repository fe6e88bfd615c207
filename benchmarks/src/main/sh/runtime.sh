#!/usr/bin/env bash
# Runtime speed of bpf4j against C/libbpf, the same work in one run: hash-map updates and
# lookups one by one and in batches, ring-buffer records consumed per second while a program
# produces them, and object open+load+close time.
#
#   benchmarks/src/main/sh/runtime.sh [BUILD_DIR_NAME]     (default: target; ROUNDS=5 by default)
#
# Needs root, gcc, clang and libbpf-dev, and a build of the reactor into BUILD_DIR_NAME first:
#   mvn -B -DskipTests package -pl benchmarks -am
# Prints both sides' lines and, per benchmark, the ratio of the medians bpf4j / C (for times:
# C / bpf4j, so that above 1 always means bpf4j is faster) with the range of the rounds' ratios.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../../.." && pwd)
target=${1:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csrc=$root/benchmarks/src/main/c
arch_inc=/usr/include/$(uname -m)-linux-gnu

gcc -O2 "$csrc/runtime_bench.c" -o "$work/runtime_bench" -lbpf -lpthread
clang -O2 -g -target bpf -mcpu=v3 -I"$arch_inc" -c "$csrc/ringbuf_producer.bpf.c" -o "$work/producer.bpf.o"
clang -O2 -g -target bpf -mcpu=v3 -I"$arch_inc" -c "$csrc/reference/xdp_blocklist.bpf.c" -o "$work/load.bpf.o"

cp="$root/benchmarks/$target/classes"
for m in annotations bpf-backend/object jna-runtime; do cp="$cp:$root/$m/$target/classes"; done
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jna_version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/pom.xml" | head -1)
cp="$cp:$m2/net/java/dev/jna/jna/$jna_version/jna-$jna_version.jar"

# Both sides run ROUNDS times, alternately, so that a change of load hits both alike; each
# line below is the median of its rounds.
rounds=${ROUNDS:-5}
for r in $(seq 1 "$rounds"); do
  echo "# round $r: C/libbpf"
  "$work/runtime_bench" "$work/producer.bpf.o" "$work/load.bpf.o" | tee -a "$work/c.txt"
  echo "# round $r: bpf4j"
  java -cp "$cp" org.bpf4j.bench.RuntimeBenchmark "$work/producer.bpf.o" "$work/load.bpf.o" | tee -a "$work/j.txt"
done

echo "# medians of $rounds rounds; ratio above 1: bpf4j faster"
python3 - "$work/c.txt" "$work/j.txt" <<'PY'
import statistics, sys
def read(p):
    out = {}
    for line in open(p):
        f = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
        if "name" in f:
            for key in ("ops_per_s", "ms"):
                if key in f:
                    out.setdefault((f["name"], key), []).append(float(f[key]))
    return out
c, j = read(sys.argv[1]), read(sys.argv[2])
for (name, key), cs in c.items():
    js = j.get((name, key))
    if not js:
        continue
    a, b = statistics.median(cs), statistics.median(js)
    r = (b / a) if key == "ops_per_s" else (a / b)
    lo = min((y / x) if key == "ops_per_s" else (x / y) for x, y in zip(cs, js))
    hi = max((y / x) if key == "ops_per_s" else (x / y) for x, y in zip(cs, js))
    print("%-36s C %12.3f  bpf4j %12.3f  ratio %.2f  (rounds %.2f-%.2f)" % (name + " " + key, a, b, r, lo, hi))
PY
