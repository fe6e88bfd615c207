#!/usr/bin/env python3
"""Generates org/bpf4j/lang/Bpf.java from libbpf's bpf_helper_defs.h.

Run once when the header changes; the output is committed:

    python3 annotations/src/tools/gen_helpers.py \
        [/usr/include/bpf/bpf_helper_defs.h] [annotations/src/main/java]

Which program types may not call a helper comes from helper_availability.tsv beside this
script, which helpers are GPL-only from helper_gpl_only.tsv, both written by probe_helpers.py.

Every helper becomes a static method annotated @Helper(id, name[, gplOnly, changesPacket, sizeArgs,
filledArg, unavailableIn, removable, takesLock]). A C size
parameter that directly follows a data pointer is not a Java parameter: the compiler passes
the size of the preceding argument (see @Helper). Java bodies come from the hand-written
JvmHelpers class when it has a method of the same name; otherwise the method throws, because
the helper runs only in the kernel.
"""
import html
import os
import re
import sys

HEADER = sys.argv[1] if len(sys.argv) > 1 else "/usr/include/bpf/bpf_helper_defs.h"
SRC = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(__file__), "..", "main", "java")
LANG = os.path.join(SRC, "org", "bpf4j", "lang")

DECL = re.compile(
    r"/\*\n \* (bpf_\w+)\n(.*?)\*/\nstatic (.+?)\(\*(?: const)?\s*(bpf_\w+)\)\((.*?)\) = \(void \*\) (\d+);",
    re.S)

# The helper documentation's sentence for helpers after which the verifier forgets packet pointers.
CHANGES_PACKET = re.compile(r"all checks on pointers\s*\*?\s*previously done by the verifier are invalidated")

CONTEXTS = {
    "struct __sk_buff *": "SkBuffContext",
    "struct xdp_md *": "XdpContext",
    "struct sk_msg_md *": "SkMsgContext",
    "struct pt_regs *": "PtRegs",
    "struct bpf_sock_addr *": "SockAddrContext",
    "struct bpf_sock *": "SockContext",
    "struct bpf_perf_event_data *": "PerfEventContext",
}
SCALARS = {
    "__u32": "int", "int": "int", "__s32": "int", "__wsum": "int", "__be32": "int",
    "__u64": "long", "__s64": "long", "long": "long", "unsigned long": "long",
    "__u16": "char", "__be16": "char",
}
ARRAYS = {"__u64 *": "long[]", "long *": "long[]", "unsigned long *": "long[]",
          "__be32 *": "int[]", "__u32 *": "int[]", "char *": "byte[]"}
# The pointer parameter each helper writes entirely on every outcome (its kernel source copies
# the data or, failing, memsets the buffer to zero). Not bpf_get_current_comm: older kernels
# (6.1 among them) copy with strscpy, leaving the bytes after the name's terminator as they were.
FILLED = {"bpf_probe_read": "dst", "bpf_probe_read_user": "dst", "bpf_probe_read_kernel": "dst",
          "bpf_copy_from_user": "dst", "bpf_skb_load_bytes": "to", "bpf_skb_load_bytes_relative": "to"}
# Helpers that change nothing a program or user space can observe (a clock, the CPU's number, the
# current task's ids) and take no pointer, so an unused call may go. From each helper's kernel source.
REMOVABLE = {"bpf_ktime_get_ns", "bpf_get_smp_processor_id", "bpf_get_current_pid_tgid",
             "bpf_get_current_uid_gid", "bpf_get_current_task", "bpf_get_numa_node_id",
             "bpf_get_current_cgroup_id", "bpf_jiffies64", "bpf_get_current_ancestor_cgroup_id",
             "bpf_ktime_get_boot_ns", "bpf_get_current_task_btf", "bpf_ktime_get_coarse_ns",
             "bpf_ktime_get_tai_ns"}
# Helpers that take a lock the program must release; until it does, the verifier refuses a call
# of a global function.
TAKES_LOCK = {"bpf_spin_lock"}
# Pointer parameters that hold addresses in another address space, not BPF-visible memory.
ADDRESSES = {("bpf_probe_write_user", "dst")}
JAVA_KEYWORDS = {"new", "default", "class", "int", "long", "char", "byte", "short", "final",
                 "package", "import", "this", "super", "switch", "case", "return", "static"}


def camel(name, first_upper=False):
    parts = [p for p in name.split("_") if p]
    text = "".join(p[:1].upper() + p[1:] for p in parts)
    return text if first_upper else text[:1].lower() + text[1:]


def split_param(param):
    param = param.strip()
    if param in ("void", "..."):
        return param, param
    match = re.match(r"(.*?)(\w+)$", param)
    return match.group(1).strip(), match.group(2)


def is_pointer(ctype):
    return ctype.endswith("*")


def is_map(ctype, name):
    return ctype == "void *" and (name in ("map", "ringbuf") or name.endswith("map"))


def java_param_type(helper, ctype, name):
    bare = ctype.replace("const ", "").strip()
    if (helper, name) in ADDRESSES or "unsafe" in name or name == "user_ptr":
        return "long"
    if is_map(ctype, name):
        return "AbstractBpfMap"
    if ctype == "void *" and name == "ctx":
        return "BpfContext"
    if bare == "void *" and name == "skb":
        return "SkBuffContext"
    if bare in CONTEXTS:
        return CONTEXTS[bare]
    if bare in SCALARS:
        return SCALARS[bare]
    if ctype == "const char *" and "fmt" in name:
        return "String"
    if ctype in ARRAYS:
        return ARRAYS[ctype]
    if is_pointer(ctype):
        return "Object"
    raise SystemExit(f"{helper}: no Java type for parameter '{ctype} {name}'")


def java_return_type(helper, ctype):
    ctype = ctype.strip()
    if ctype == "void":
        return "void"
    if ctype in CONTEXTS:
        return CONTEXTS[ctype]
    if ctype in SCALARS:
        return SCALARS[ctype]
    if is_pointer(ctype):
        return "Object"
    raise SystemExit(f"{helper}: no Java type for return type '{ctype}'")


def is_size_param(params, index):
    """A size parameter directly after the data pointer it measures."""
    ctype, name = params[index]
    if index == 0 or ctype.replace("const ", "") not in ("__u32", "__u64", "int", "unsigned long"):
        return False
    if not re.search(r"(size|len|sz)", name):
        return False
    prev_type, prev_name = params[index - 1]
    if prev_type.replace("const ", "").strip() in CONTEXTS or prev_name in ("ctx", "skb", "skops", "msg"):
        return False  # a context: the number is a packet length or offset, not a buffer size
    return is_pointer(prev_type) and not is_map(prev_type, prev_name)


def first_paragraph(lines):
    """The first paragraph of doc lines, as Javadoc-safe HTML."""
    paragraph = []
    for line in lines:
        text = line.strip()
        if not text:
            if paragraph:
                break
            continue
        paragraph.append(text)
    text = " ".join(paragraph)
    text = text.replace("\\ ", "").replace("**", "").replace("*", "")
    return html.escape(text, quote=False).replace("@", "&#64;").replace("{", "&#123;").replace("}", "&#125;")


def description(comment):
    """First paragraphs of the helper's description and of its Returns section."""
    lines = [re.sub(r"^ \*\s?", "", line) for line in comment.split("\n")]
    returns_at = next((i for i, line in enumerate(lines) if line.strip() == "Returns"), len(lines))
    summary = first_paragraph(lines[:returns_at]) or "See the kernel documentation."
    returns = first_paragraph(lines[returns_at + 1:])
    return summary, returns


def unavailability():
    """Helper id -> program types that may not call it, from helper_availability.tsv."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "helper_availability.tsv")
    refused = {}
    with open(path) as table:
        for line in table:
            if line.startswith("#") or not line.strip():
                continue
            program_type, ids = line.rstrip("\n").split("\t")
            for helper_id in filter(None, ids.split(",")):
                refused.setdefault(int(helper_id), []).append(program_type)
    return refused


def gpl_only():
    """Ids of the helpers only GPL-compatible programs may call, from helper_gpl_only.tsv."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "helper_gpl_only.tsv")
    with open(path) as table:
        rows = [line.strip() for line in table if not line.startswith("#") and line.strip()]
    return {int(i) for row in rows for i in row.split(",")}


def jvm_bodies():
    path = os.path.join(LANG, "JvmHelpers.java")
    with open(path) as source:
        return set(re.findall(r"^    static \S+ (\w+)\(", source.read(), re.M))


def method(helper_id, cname, comment, ret, params_text, bodies, refused, gpl):
    params = [split_param(p) for p in params_text.split(",")]
    if params == [("void", "void")]:
        params = []
    java_params = []
    size_args = []
    for index, (ctype, name) in enumerate(params):
        if ctype == "...":
            java_params.append(("long...", "args"))
            continue
        if is_size_param(params, index):
            size_args.append(index)
            continue
        jname = camel(name)
        if jname in JAVA_KEYWORDS:
            jname += "Value"
        java_params.append((java_param_type(cname, ctype, name), jname))
    jret = java_return_type(cname, ret)
    jname = camel(cname[len("bpf_"):])
    signature = ", ".join(f"{t} {n}" for t, n in java_params)
    args = ", ".join(n for _, n in java_params)
    c_decl = html.escape(f"{ret.strip()} {cname}({params_text})", quote=False)
    annotation = f'@Helper(id = {helper_id}, name = "{cname}"'
    if gpl:
        annotation += ", gplOnly = true"
    if CHANGES_PACKET.search(comment):
        annotation += ", changesPacket = true"
    if size_args:
        annotation += ", sizeArgs = {" + ", ".join(map(str, size_args)) + "}"
    if cname in FILLED:
        filled = [name for _, name in params].index(FILLED[cname])
        if filled + 1 not in size_args:
            raise SystemExit(f"{cname}: the filled {FILLED[cname]} is not followed by its size")
        annotation += f", filledArg = {filled}"
    if refused:
        lines, line = [], ""
        for t in refused:
            if line and len(line) + len(t) > 84:
                lines.append(line.rstrip())
                line = ""
            line += t + ", "
        lines.append(line.rstrip(", "))
        annotation += ",\n            unavailableIn = {" + ("\n                ".join(lines)) + "}"
    if cname in REMOVABLE:
        annotation += ", removable = true"
    if cname in TAKES_LOCK:
        annotation += ", takesLock = true"
    annotation += ")"
    if jname in bodies:
        body = ("" if jret == "void" else "return ") + f"JvmHelpers.{jname}({args});"
    else:
        body = f'throw new IllegalStateException("{cname} runs only in the kernel");'
    summary, returns = description(comment)
    returns_tag = f"\n     *\n     * @return {returns}" if returns and jret != "void" else ""
    return (f"    /**\n     * {summary}\n     *\n     * <p>C: <code>{c_decl}</code>{returns_tag}\n     */\n"
            f"    {annotation}\n    public static {jret} {jname}({signature}) {{\n        {body}\n    }}\n")


def main():
    with open(HEADER) as header:
        text = header.read()
    bodies = jvm_bodies()
    refused = unavailability()
    gpl = gpl_only()
    methods = []
    seen = set()
    for match in DECL.finditer(text):
        doc_name, comment, ret, cname, params, helper_id = match.groups()
        if doc_name != cname:
            raise SystemExit(f"comment for {doc_name} precedes {cname}")
        if cname in seen:
            raise SystemExit(f"{cname} declared twice")
        seen.add(cname)
        methods.append(method(int(helper_id), cname, comment, ret, params, bodies, refused.get(int(helper_id), []),
                              int(helper_id) in gpl))
    out = os.path.join(LANG, "Bpf.java")
    with open(out, "w") as java:
        java.write(f"""// Generated by annotations/src/tools/gen_helpers.py from bpf_helper_defs.h; do not edit.
package org.bpf4j.lang;

import static org.bpf4j.annotation.ProgramType.*;

import org.bpf4j.annotation.Helper;

/**
 * The kernel's BPF helper functions, one static method per helper ({len(methods)} in all), each
 * annotated with its number and C name. Call them from BPF code; the compiler emits a helper
 * call (see {{@link Helper}} for how arguments map, including the size arguments it fills in).
 *
 * <p>Types: {{@code __u64}}/{{@code long}} map to {{@code long}}, {{@code __u32}}/{{@code int}} to
 * {{@code int}}, {{@code __u16}} to {{@code char}}; contexts to the context classes; map pointers
 * to {{@link AbstractBpfMap}}; data pointers to {{@code Object}} (a {{@code @BpfStruct}} object
 * or an array); output {{@code char *}} buffers to {{@code byte[]}}; {{@code __u64 *}} to
 * {{@code long[]}}; user and unsafe kernel addresses to {{@code long}}. {{@code __be16}} and
 * {{@code __be32}} parameters take network-order values ({{@code Short.reverseBytes}} /
 * {{@code Integer.reverseBytes}} of the host value on little-endian machines). Kernel object
 * pointers ({{@code struct task_struct *}}, ...) are opaque {{@code Object}}s.
 *
 * <p>On the JVM, helpers with a meaningful Java equivalent run it (time, random numbers, the
 * current process, packet adjustments and copies on JVM contexts, {{@code bpf_trace_printk}} to
 * standard error); the others throw {{@link IllegalStateException}}.
 */
public final class Bpf {{
    private Bpf() {{
    }}

""")
        java.write("\n".join(methods))
        java.write("}\n")
    print(f"wrote {len(methods)} helpers to {out}")


if __name__ == "__main__":
    main()
