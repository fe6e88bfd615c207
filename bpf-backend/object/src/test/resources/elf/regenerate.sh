#!/bin/sh
# Rebuilds the clang objects the ELF tests read: the benchmark reference programs and the
# feature objects beside this script. Run from this directory.
set -e
ref=../../../../../../benchmarks/src/main/c/reference
flags="-O2 -g -target bpf -mcpu=v3 -I/usr/include/$(uname -m)-linux-gnu -c"
for src in "$ref"/*.bpf.c ./*.bpf.c; do
  clang $flags "$src" -o "$(basename "$src" .c).o"
done
