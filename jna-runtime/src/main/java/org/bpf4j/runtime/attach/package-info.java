/**
 * Attaching loaded programs to kernel hooks. {@link org.bpf4j.runtime.attach.Attach} is the entry
 * point: one static method per attach kind, plus {@code auto} that reads the kind from the
 * program's ELF section (libbpf's conventions), which generated skeletons call. Every method
 * returns a {@link org.bpf4j.runtime.attach.Link}; closing it detaches and closes what the
 * attachment owns.
 *
 * <p>Routes, newest first, falling back only when the kernel lacks the link kind (EINVAL or
 * "not supported" from BPF_LINK_CREATE): XDP by BPF link or rtnetlink IFLA_XDP; tc by tcx link or
 * a clsact qdisc with a direct-action cls_bpf filter; cgroup hooks by BPF link or
 * BPF_PROG_ATTACH (multi); tracepoints, kprobes, uprobes and perf events by a perf event with a
 * BPF_PERF_EVENT link or the PERF_EVENT_IOC_SET_BPF ioctl; raw tracepoints and BTF-typed programs
 * (fentry, fexit, tp_btf, LSM) by BPF_RAW_TRACEPOINT_OPEN; socket filters by SO_ATTACH_BPF.
 * tracefs is mounted when missing; the kprobe/uprobe PMUs are read from
 * /sys/bus/event_source/devices, and a kernel without kprobes is reported as such.
 */
package org.bpf4j.runtime.attach;
