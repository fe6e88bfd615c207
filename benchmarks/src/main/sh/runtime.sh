#!/usr/bin/env bash
# Runtime speed of bpf4j against C/libbpf, the same work in one run: hash-map updates and
# lookups one by one and in batches, ring-buffer records consumed per second while a program
# produces them, and object open+load+close time.
#
#   benchmarks/src/main/sh/runtime.sh [BUILD_DIR_NAME]     (default: target)
#
# Needs root, gcc, clang and libbpf-dev, and a build of the reactor into BUILD_DIR_NAME first:
#   mvn -B -DskipTests package -pl benchmarks -am
# Prints both sides' lines and, per benchmark, the ratio bpf4j / C (for times: C / bpf4j, so
# that above 1 always means bpf4j is faster).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../../.." && pwd)
target=${1:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csrc=$root/benchmarks/src/main/c
arch_inc=/usr/include/$(uname -m)-linux-gnu

gcc -O2 "$csrc/runtime_bench.c" -o "$work/runtime_bench" -lbpf -lpthread
clang -O2 -g -target bpf -mcpu=v3 -I"$arch_inc" -c "$csrc/ringbuf_producer.bpf.c" -o "$work/producer.bpf.o"
clang -O2 -g -target bpf -mcpu=v3 -I"$arch_inc" -c "$root/../shared/bench/reference/xdp_blocklist.bpf.c" -o "$work/load.bpf.o"

cp="$root/benchmarks/$target/classes"
for m in annotations bpf-backend jna-runtime; do cp="$cp:$root/$m/$target/classes"; done
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jna_version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/pom.xml" | head -1)
cp="$cp:$m2/net/java/dev/jna/jna/$jna_version/jna-$jna_version.jar"

echo "# C/libbpf"
"$work/runtime_bench" "$work/producer.bpf.o" "$work/load.bpf.o" | tee "$work/c.txt"
echo "# bpf4j"
java -cp "$cp" org.bpf4j.bench.RuntimeBenchmark "$work/producer.bpf.o" "$work/load.bpf.o" | tee "$work/j.txt"

echo "# ratio (above 1: bpf4j faster)"
python3 - "$work/c.txt" "$work/j.txt" <<'PY'
import sys
def read(p):
    out = {}
    for line in open(p):
        f = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
        if "name" in f:
            out[f["name"]] = f
    return out
c, j = read(sys.argv[1]), read(sys.argv[2])
for name, cf in c.items():
    jf = j.get(name)
    if not jf:
        continue
    for key, higher_better in (("ops_per_s", True), ("ms", False)):
        if key in cf and key in jf:
            a, b = float(cf[key]), float(jf[key])
            r = (b / a) if higher_better else (a / b)
            print("%-36s C %12s  bpf4j %12s  ratio %.2f" % (name + " " + key, cf[key], jf[key], r))
PY
