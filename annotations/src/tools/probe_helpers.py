#!/usr/bin/env python3
"""Asks the running kernel which helpers each program type may call, and which helpers only GPL
programs may call; writes helper_availability.tsv and helper_gpl_only.tsv.

Run as root on the kernel the table should describe (needs clang and bpftool), then rerun
gen_helpers.py, which turns the table into @Helper(unavailableIn = ...):

    python3 annotations/src/tools/probe_helpers.py

For every program type of ProgramType.java (read from the source, so the types are declared
once) a one-instruction program "call <helper>; exit" is built by clang once and patched for
each helper id, then loaded with bpftool. The verifier checks a helper's availability before
its arguments, so a log saying "cannot use helper", "unknown func" or "might sleep" means
unavailable; any other outcome (loaded, or refused for its arguments) means available.
FENTRY, FEXIT, FMOD_RET and LSM programs need a BTF attach target and the kernel this was made on
refuses them, so they are not probed. A helper is GPL-only when, loaded under the license
"Proprietary" in the first program type that may call it, the verifier says "cannot call GPL-restricted
function" (it checks that before the arguments too).
"""
import os
import re
import subprocess
import sys
import tempfile

TOOLS = os.path.dirname(os.path.abspath(__file__))
PROGRAM_TYPE = os.path.join(TOOLS, "..", "main", "java", "org", "bpf4j", "annotation", "ProgramType.java")
HEADER = "/usr/include/bpf/bpf_helper_defs.h"
OUTPUT = os.path.join(TOOLS, "helper_availability.tsv")
GPL_OUTPUT = os.path.join(TOOLS, "helper_gpl_only.tsv")
GPL_ONLY = "cannot call GPL-restricted function"
KTIME_GET_NS = 5
NOT_PROBED = {"FENTRY", "FEXIT", "FMOD_RET", "LSM"}
UNAVAILABLE = ("cannot use helper", "unknown func", "invalid func", "might sleep")
CALL_1 = bytes([0x85, 0, 0, 0, 1, 0, 0, 0])


def program_types():
    with open(PROGRAM_TYPE) as source:
        text = source.read()
    return re.findall(r'^    (\w+)\("([^"]+)", -?\d+, -?\d+, \w+\.class, \w+\)', text, re.M)


def helpers():
    with open(HEADER) as header:
        return [(int(i), name) for name, i in
                re.findall(r"\(\*(?: const)?\s*(bpf_\w+)\)\(.*\) = \(void \*\) (\d+);", header.read())]


def load_log(work, template, helper_id):
    """Loads the template calling helper_id; None when it loaded, else the verifier's log."""
    patched = template.replace(CALL_1, CALL_1[:4] + helper_id.to_bytes(4, "little"))
    obj = os.path.join(work, "probe.o")
    with open(obj, "wb") as out:
        out.write(patched)
    pin = f"/sys/fs/bpf/bpf4j_helper_probe_{os.getpid()}"
    result = subprocess.run(["bpftool", "prog", "load", obj, pin], capture_output=True, text=True)
    if os.path.exists(pin):
        os.unlink(pin)
        return None
    return result.stdout + result.stderr


def available(work, template, helper_id):
    log = load_log(work, template, helper_id)
    return log is None or not any(marker in log for marker in UNAVAILABLE)


def template_for(work, section, license):
    source = os.path.join(work, "probe.c")
    with open(source, "w") as c:
        c.write(f'__attribute__((section("{section}"), used))\n'
                "int probe(void *ctx) { return ((long (*)(void))1)(); }\n"
                f'__attribute__((section("license"), used)) char LICENSE[] = "{license}";\n')
    subprocess.run(["clang", "-O2", "-target", "bpf", "-c", source, "-o", os.path.join(work, "t.o")], check=True)
    with open(os.path.join(work, "t.o"), "rb") as t:
        template = t.read()
    if template.count(CALL_1) != 1:
        raise SystemExit(f"{section}: the probe's call instruction is not unique")
    return template


def gpl_only(work, types, ids):
    """Helper ids the verifier refuses under a non-GPL license, each tried in a type that may call it."""
    unclassified = {helper_id for helper_id, _ in ids}
    found = []
    for name, section in types:
        if load_log(work, template_for(work, section, "GPL"), KTIME_GET_NS) is not None:
            continue  # the type loads nothing here (it needs an attach target): it tells nothing
        template = template_for(work, section, "Proprietary")
        for helper_id in sorted(unclassified):
            log = load_log(work, template, helper_id)
            if log is not None and any(marker in log for marker in UNAVAILABLE):
                continue
            unclassified.discard(helper_id)
            if log is not None and GPL_ONLY in log:
                found.append(helper_id)
    return sorted(found)


def main():
    types = [(name, section) for name, section in program_types() if name not in NOT_PROBED]
    if len(types) < 10:
        raise SystemExit(f"read only {len(types)} program types from {PROGRAM_TYPE}")
    ids = helpers()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, section in types:
            template = template_for(work, section, "GPL")
            refused = [str(helper_id) for helper_id, _ in ids if not available(work, template, helper_id)]
            rows.append(f"{name}\t{','.join(refused)}")
            print(f"{name}: {len(refused)} of {len(ids)} helpers refused", file=sys.stderr)
        gpl = gpl_only(work, types, ids)
    with open(GPL_OUTPUT, "w") as out:
        out.write("# helper ids only GPL-compatible programs may call (probe_helpers.py; " + os.uname().release + ")\n")
        out.write(",".join(str(i) for i in gpl) + "\n")
    with open(OUTPUT, "w") as out:
        out.write("# program type\thelper ids the kernel refuses for it (probe_helpers.py; "
                  + os.uname().release + ")\n")
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
