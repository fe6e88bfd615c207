#!/usr/bin/env bash
# The compiler benchmark: builds the benchmarks module (the Java ports) and runs
# org.bpf4j.bench.Compare, which compiles every C program of benchmarks/src/main/c/{reference,corpus}
# with clang, loads both sides through the bpf4j runtime and prints one row per program and a
# summary line. Needs root, clang, and Maven's dependencies (run offline with MVN_FLAGS=-o).
#
#   benchmarks/src/main/sh/compare.sh [Compare options]
#     --clang PATH         default /usr/lib/llvm-22/bin/clang (e.g. --clang clang for the system clang)
#     --cpu v3|v4          clang's -mcpu, default v3
#     --programs a,b       only these C files or programs
#     --repeat N --runs N  timing: median of N runs of N repetitions per packet
#   BPF4J_CPU=v4           the ISA level the Java ports are compiled for (-Abpf4j.cpu), built into target-v4
set -euo pipefail

root=$(cd "$(dirname "$0")/../../../.." && pwd)
cpu=${BPF4J_CPU:-v3}
target=target
[ "$cpu" = v3 ] || target=target-$cpu
cd "$root"
mvn -B -q ${MVN_FLAGS:-} package -DskipTests -pl benchmarks -am -Dbpf4j.cpu="$cpu" -Dbpf4j.target="$target" >&2

cp="$root/benchmarks/$target/classes"
for m in annotations bpf-backend/object jna-runtime; do cp="$cp:$root/$m/$target/classes"; done
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jna_version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/pom.xml" | head -1)
cp="$cp:$m2/net/java/dev/jna/jna/$jna_version/jna-$jna_version.jar"
exec java -cp "$cp" org.bpf4j.bench.Compare --ours "$root/benchmarks/$target/classes" "$@"
