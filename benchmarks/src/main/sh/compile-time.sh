#!/usr/bin/env bash
# Compile time of the 8 benchmark ports against clang -O2 on the 8 reference C programs.
#
#   benchmarks/src/main/sh/compile-time.sh [BUILD_DIR_NAME] [RUNS]     (defaults: target, 5)
#
# Needs a build of the reactor into BUILD_DIR_NAME first, e.g.
#   mvn -B -o -Dbpf4j.target=target-bench -pl benchmarks -am package -DskipTests
# and JNA and JavaPoet in ~/.m2 (they are after any Maven build). Each figure is the best of
# RUNS wall-clock runs, each javac in a fresh JVM:
#   javac -proc:none              the 8 ports compiled as plain Java
#   javac + processor             the same, with the bpf4j processor (objects and skeletons)
#   processor added               the difference: what the processor costs a javac run
#   clang -O2 x 8                 the reference programs, one clang per file, with the command
#                                 line of ../shared/bench/compare
set -euo pipefail

root=$(cd "$(dirname "$0")/../../../.." && pwd)
target=${1:-target}
runs=${2:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, got '$runs'" >&2; exit 2; }
refdir=${BENCH_REFERENCE:-$root/../shared/bench/reference}
m2=${MAVEN_REPO:-$HOME/.m2/repository}

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
jna=$m2/net/java/dev/jna/jna/$(pom_property jna.version)/jna-$(pom_property jna.version).jar
javapoet=$m2/com/palantir/javapoet/javapoet/$(pom_property javapoet.version)/javapoet-$(pom_property javapoet.version).jar
classes() { echo "$root/$1/$target/classes"; }

for need in "$(classes annotations)" "$(classes bpf-backend)" "$(classes processor)" "$(classes jna-runtime)" "$jna" "$javapoet" "$refdir"; do
    [[ -e $need ]] || { echo "missing $need (build the reactor into $target first)" >&2; exit 1; }
done
command -v clang >/dev/null || { echo "clang is not installed" >&2; exit 1; }

# The skeleton generator runs when the runtime is on the class path, as in the Maven build.
cp="$(classes annotations):$(classes jna-runtime):$jna"
pp="$(classes processor):$(classes bpf-backend):$(classes annotations):$javapoet"
ports=("$root"/benchmarks/src/main/java/org/bpf4j/bench/ports/*.java)
csources=("$refdir"/*.bpf.c)
arch_inc=/usr/include/$(uname -m)-linux-gnu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# best_of NAME COMMAND...: runs COMMAND $runs times in a clean output directory, prints the fastest in ms.
best_of() {
    local best=
    for ((i = 0; i < runs; i++)); do
        rm -rf "$work/out" && mkdir -p "$work/out"
        local t0; t0=$(now_ms)
        "$@" >"$work/log" 2>&1 || { echo "$1 failed:" >&2; cat "$work/log" >&2; exit 1; }
        local t=$(( $(now_ms) - t0 ))
        [[ -z $best || $t -lt $best ]] && best=$t
    done
    echo "$best"
}

javac_plain() { javac --release 17 -proc:none -cp "$cp" -d "$work/out" "${ports[@]}"; }
javac_processor() {
    javac --release 17 -cp "$cp" -processorpath "$pp" -d "$work/out" "${ports[@]}"
    local n; n=$(ls "$work/out/META-INF/bpf/" | wc -l)
    [[ $n -eq ${#ports[@]} ]] || { echo "expected ${#ports[@]} objects, got $n" >&2; return 1; }
}
clang_all() {
    for src in "${csources[@]}"; do
        clang -O2 -g -target bpf -mcpu=v3 "-I$arch_inc" -c "$src" -o "$work/out/$(basename "$src" .c).o"
    done
}

plain=$(best_of javac_plain)
with=$(best_of javac_processor)
clangt=$(best_of clang_all)
echo "when: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "javac: $(javac -version 2>&1), clang: $(clang --version | head -1)"
printf '%-26s %7s\n' "best of $runs (ms)" "time"
printf '%-26s %7d\n' "javac -proc:none (8 ports)" "$plain"
printf '%-26s %7d\n' "javac + processor" "$with"
printf '%-26s %7d\n' "processor added" "$((with - plain))"
printf '%-26s %7d\n' "clang -O2 x ${#csources[@]}" "$clangt"
