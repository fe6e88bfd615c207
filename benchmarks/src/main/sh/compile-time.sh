#!/usr/bin/env bash
# Compile time of the 8 benchmark ports against clang -O2 on the 8 reference C programs.
#
#   benchmarks/src/main/sh/compile-time.sh [BUILD_DIR_NAME] [RUNS]     (defaults: target, 5)
#
# Needs a build of the reactor into BUILD_DIR_NAME first, e.g.
#   mvn -B -o -Dbpf4j.target=target-bench -pl benchmarks -am package -DskipTests
# and JNA and JavaPoet in ~/.m2 (they are after any Maven build). Each figure is the best of
# RUNS runs, each javac in a fresh JVM, as wall-clock time and as CPU time (user + system of
# all threads, which varies less than wall time on a loaded machine):
#   javac -proc:none              the 8 ports compiled as plain Java
#   javac + processor             the same, with the bpf4j processor (objects and skeletons)
#   processor added               the difference: what the processor costs a javac run
#   ... for XdpPass alone         the same two runs on the smallest port: the fixed part
#   clang -O2 x 8                 the reference programs, one clang per file, with the command
#                                 line of org.bpf4j.bench.Compare
set -euo pipefail

root=$(cd "$(dirname "$0")/../../../.." && pwd)
target=${1:-target}
runs=${2:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, got '$runs'" >&2; exit 2; }
refdir=${BENCH_REFERENCE:-$root/benchmarks/src/main/c/reference}
m2=${MAVEN_REPO:-$HOME/.m2/repository}

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
jna=$m2/net/java/dev/jna/jna/$(pom_property jna.version)/jna-$(pom_property jna.version).jar
javapoet=$m2/com/palantir/javapoet/javapoet/$(pom_property javapoet.version)/javapoet-$(pom_property javapoet.version).jar
classes() { echo "$root/$1/$target/classes"; }

for need in "$(classes annotations)" "$(classes bpf-backend/object)" "$(classes bpf-backend/compiler)" "$(classes processor)" "$(classes jna-runtime)" "$jna" "$javapoet" "$refdir"; do
    [[ -e $need ]] || { echo "missing $need (build the reactor into $target first)" >&2; exit 1; }
done
command -v clang >/dev/null || { echo "clang is not installed" >&2; exit 1; }

# The skeleton generator runs when the runtime is on the class path, as in the Maven build.
cp="$(classes annotations):$(classes jna-runtime):$jna"
pp="$(classes processor):$(classes bpf-backend/object):$(classes bpf-backend/compiler):$(classes annotations):$javapoet"
ports=("$root"/benchmarks/src/main/java/org/bpf4j/bench/ports/*.java)
csources=("$refdir"/*.bpf.c)
arch_inc=/usr/include/$(uname -m)-linux-gnu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# best_of COMMAND...: runs COMMAND $runs times in a clean output directory; prints the least
# wall-clock and the least CPU time in ms.
best_of() {
    local wall= cpu= TIMEFORMAT='%3R %3U %3S'
    for ((i = 0; i < runs; i++)); do
        rm -rf "$work/out" && mkdir -p "$work/out"
        { time "$@" >"$work/log" 2>&1; } 2>"$work/time" || { echo "$1 failed:" >&2; cat "$work/log" >&2; exit 1; }
        local r u s
        read -r r u s <"$work/time"
        local w=$(ms "$r") c=$(( $(ms "$u") + $(ms "$s") ))
        [[ -z $wall || $w -lt $wall ]] && wall=$w
        [[ -z $cpu || $c -lt $cpu ]] && cpu=$c
    done
    echo "$wall $cpu"
}

# ms SECONDS: "1.234" -> 1234
ms() { local x=${1/./}; echo $((10#$x)); }

smallest=$root/benchmarks/src/main/java/org/bpf4j/bench/ports/XdpPass.java

# javac_plain SOURCES...: plain Java.  javac_processor SOURCES...: with the processor, one object each.
javac_plain() { javac --release 17 -proc:none -cp "$cp" -d "$work/out" "$@"; }
javac_processor() {
    javac --release 17 -cp "$cp" -processorpath "$pp" -d "$work/out" "$@"
    local n; n=$(ls "$work/out/META-INF/bpf/" | wc -l)
    [[ $n -eq $# ]] || { echo "expected $# objects, got $n" >&2; return 1; }
}
clang_all() {
    for src in "${csources[@]}"; do
        clang -O2 -g -target bpf -mcpu=v3 "-I$arch_inc" -c "$src" -o "$work/out/$(basename "$src" .c).o"
    done
}

read -r plain plain_cpu < <(best_of javac_plain "${ports[@]}")
read -r with with_cpu < <(best_of javac_processor "${ports[@]}")
read -r plain1 plain1_cpu < <(best_of javac_plain "$smallest")
read -r with1 with1_cpu < <(best_of javac_processor "$smallest")
read -r clangt clang_cpu < <(best_of clang_all)
echo "when: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "javac: $(javac -version 2>&1), clang: $(clang --version | head -1)"
row() { printf '%-26s %7s %7s\n' "$@"; }
row "best of $runs (ms)" wall cpu
row "javac -proc:none (8 ports)" "$plain" "$plain_cpu"
row "javac + processor" "$with" "$with_cpu"
row "processor added" "$((with - plain))" "$((with_cpu - plain_cpu))"
row "javac -proc:none (XdpPass)" "$plain1" "$plain1_cpu"
row "javac + processor" "$with1" "$with1_cpu"
row "processor added" "$((with1 - plain1))" "$((with1_cpu - plain1_cpu))"
row "clang -O2 x ${#csources[@]}" "$clangt" "$clang_cpu"
