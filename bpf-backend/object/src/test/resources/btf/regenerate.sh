#!/bin/sh
# Regenerates the clang-built .BTF / .BTF.ext blobs the btf tests compare against.
set -e
cd "$(dirname "$0")"
ref=${REFERENCE:-../../../../../../benchmarks/src/main/c/reference}
tmp=$(mktemp -d)
for src in "$ref"/*.bpf.c btf_kinds.bpf.c core_relos.bpf.c; do
    name=$(basename "$src" .bpf.c)
    clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -I"$ref" -c "$src" -o "$tmp/$name.o"
    llvm-objcopy --dump-section .BTF="$name.btf" --dump-section .BTF.ext="$name.btf.ext" "$tmp/$name.o" "$tmp/$name.stripped.o"
done
cp "$tmp/core_relos.o" core_relos.o
rm -rf "$tmp"
