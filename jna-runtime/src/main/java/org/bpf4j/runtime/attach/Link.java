package org.bpf4j.runtime.attach;

import com.sun.jna.Memory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.BpfAttr;
import org.bpf4j.runtime.sys.BpfCommand;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.Sys;

/**
 * One attachment of a program to a hook. Closing it detaches the program and closes every file
 * descriptor the attachment owns (a BPF link, a perf event, a cgroup directory, a duplicate of the
 * program fd); closing twice is harmless. A kernel BPF link ({@link #isBpfLink()}) can also be
 * pinned and switched to another program; the older mechanisms (netlink, PROG_ATTACH, ioctl,
 * setsockopt) detach through an explicit action instead.
 */
public final class Link implements AutoCloseable {
    /** {@code struct bpf_link_info}: type, id, prog_id, then a per-kind union we do not read. */
    private static final int LINK_INFO_SIZE = 64, LINK_INFO_ID = 4, LINK_INFO_PROG_ID = 8;

    private final String description;
    private final Fd linkFd;
    private final Detach detach;
    private final List<AutoCloseable> owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The explicit undo of a legacy attachment. */
    @FunctionalInterface
    interface Detach {
        void run();
    }

    private Link(String description, Fd linkFd, Detach detach, List<AutoCloseable> owned) {
        this.description = description;
        this.linkFd = linkFd;
        this.detach = detach;
        this.owned = owned;
    }

    /** A kernel BPF link; {@code owned} are closed after it (e.g. the perf event it hangs on). */
    static Link bpfLink(Fd linkFd, String description, AutoCloseable... owned) {
        return new Link(description, linkFd, null, List.of(owned));
    }

    /** An attachment undone by {@code detach}, after which {@code owned} are closed. */
    static Link legacy(String description, Detach detach, AutoCloseable... owned) {
        return new Link(description, null, detach, List.of(owned));
    }

    /**
     * Opens a BPF link pinned in bpffs (by {@link #pin} here or by another program). Closing the
     * returned link closes this descriptor only; the pin keeps the attachment until it is removed.
     */
    public static Link openPinned(String path) {
        return bpfLink(BpfSyscall.objGet(path, 0), "pinned link " + path);
    }

    /** What is attached where, e.g. "XDP program 'filter' on veth0 (BPF link, generic mode)". */
    public String description() {
        return description;
    }

    /** True when this is a kernel BPF link (pinnable, updatable); false for legacy attachments. */
    public boolean isBpfLink() {
        return linkFd != null;
    }

    /** The BPF link descriptor; only for {@link #isBpfLink() BPF links}. */
    public Fd fd() {
        return requireBpfLink("have a link fd");
    }

    /** Pins the BPF link in bpffs so it outlives this process. */
    public void pin(String path) {
        requireBpfLink("be pinned").use(l -> BpfSyscall.objPin(l, path, "link " + description));
    }

    /** Atomically replaces the attached program (BPF_LINK_UPDATE). */
    public void update(LoadedProgram program) {
        Fd link = requireBpfLink("be updated");
        link.apply(l -> program.fd().apply(p -> Sys.bpf(BpfCommand.LINK_UPDATE, new BpfAttr().u32(0, l).u32(4, p),
                "link " + description + " to program '" + program.name() + "'")));
    }

    /** The kernel's id of this BPF link (as {@code bpftool link} lists it). */
    public int id() {
        return linkInfo().getInt(LINK_INFO_ID);
    }

    /** The kernel's id of the program this BPF link runs (changes with {@link #update}). */
    public int programId() {
        return linkInfo().getInt(LINK_INFO_PROG_ID);
    }

    private Memory linkInfo() {
        Memory info = new Memory(LINK_INFO_SIZE);
        info.clear();
        requireBpfLink("be queried").use(l -> BpfSyscall.objGetInfoByFd(l, info, LINK_INFO_SIZE, "link " + description));
        return info;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    private Fd requireBpfLink(String what) {
        if (linkFd == null) {
            throw new BpfException(description + " is not a BPF link (attached through an older kernel"
                    + " interface), so it cannot " + what);
        }
        return linkFd;
    }

    /**
     * Detaches and closes what the attachment owns. A target that has gone away (interface or
     * cgroup removed: ENODEV, ENOENT) counts as detached; any other detach failure is thrown
     * after every descriptor is closed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        RuntimeException failure = null;
        if (detach != null) {
            try {
                detach.run();
            } catch (BpfException e) {
                if (e.errno() != Errno.ENODEV && e.errno() != Errno.ENOENT) failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (linkFd != null) linkFd.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) failure = new BpfException("closing " + description + " failed", e);
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public String toString() {
        return description + (isOpen() ? "" : " (closed)");
    }
}
