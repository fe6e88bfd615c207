package org.bpf4j.runtime.attach;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.object.usdt.UsdtNotes;
import org.bpf4j.object.usdt.UsdtProbe;
import org.bpf4j.object.usdt.UsdtSpecLayout;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Errno;

/**
 * Attaches programs to USDT probes through a spec map: an array map with {@code u32} keys and
 * {@link UsdtSpecLayout} values. Each probe site gets a uprobe whose BPF cookie is the index of
 * its spec in the map, so one program attached to many sites (whose arguments sit in different
 * registers) decodes each site's arguments; semaphore-guarded sites get the kernel's uprobe
 * reference counter, which raises the semaphore while attached. One instance per spec map: it
 * hands out the map's indexes and takes them back when a link closes.
 */
public final class UsdtSpecs {
    private final KernelMap map;
    private final BitSet used = new BitSet();

    public UsdtSpecs(KernelMap map) {
        if (map.kind() != MapKind.ARRAY || map.keySize() != 4 || map.valueSize() != UsdtSpecLayout.SPEC_SIZE) {
            throw new IllegalArgumentException("USDT spec map '" + map.name() + "' must be an ARRAY of u32 keys and "
                    + UsdtSpecLayout.SPEC_SIZE + "-byte values (UsdtSpecLayout), not " + map.kind() + " of "
                    + map.keySize() + "-byte keys and " + map.valueSize() + "-byte values");
        }
        this.map = map;
    }

    /**
     * The spec map of an object with USDT programs ({@link UsdtSpecLayout#MAP_NAME}, which bpf4j's
     * compiler adds). Make one per object and attach through it only (skeletons hold it): two
     * would hand out the same indexes.
     */
    public static UsdtSpecs of(LoadedObject object) {
        return new UsdtSpecs(object.map(UsdtSpecLayout.MAP_NAME));
    }

    /**
     * Attaches {@code program} to every site of the probe {@code target} names
     * ({@code binary:provider:name}, {@link UsdtProbeTarget}), in process {@code pid} or in every
     * process ({@code pid < 0}), with {@code cookie} for the program to read.
     */
    public Link attach(LoadedProgram program, String target, int pid, long cookie) {
        UsdtProbeTarget probe = UsdtProbeTarget.parse(target);
        return attach(program, probe.resolve(pid), probe.provider(), probe.name(), pid, cookie);
    }

    /** Attaches {@code program} to every site of {@code provider:name} in {@code binary}, in every process, cookie 0. */
    public Link attach(LoadedProgram program, Path binary, String provider, String name) {
        return attach(program, binary, provider, name, -1, 0);
    }

    /**
     * Attaches {@code program} (a kprobe/uprobe program) to every site of USDT probe
     * {@code provider:name} in {@code binary}, in process {@code pid} or in every process
     * ({@code pid < 0}). {@code cookie} is stored in each site's spec for the program to read.
     * Closing the link detaches every site.
     */
    public Link attach(LoadedProgram program, Path binary, String provider, String name, int pid, long cookie) {
        KernelTypes.require(program, "a USDT probe", KernelTypes.KPROBE);
        List<UsdtProbe> sites = sites(binary, provider, name);
        String what = "USDT program '" + program.name() + "' on " + provider + ":" + name + " in " + binary
                + (pid < 0 ? "" : " in pid " + pid) + " (" + sites.size() + (sites.size() == 1 ? " site)" : " sites)");
        List<AutoCloseable> owned = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        try {
            for (UsdtProbe site : sites) {
                int id = allocate(what);
                ids.add(id);
                map.update(key(id), UsdtSpecLayout.encode(site.arguments(), cookie));
                owned.add(UsdtAttach.site(program, binary, site, id, pid, what));
            }
        } catch (RuntimeException e) {
            closeAll(owned, e);
            ids.forEach(this::release);
            throw e;
        }
        // The sites' own links detach; the ids are released after them, so no live site shares one.
        owned.add(() -> ids.forEach(this::release));
        return Link.legacy(what, () -> {}, owned.toArray(AutoCloseable[]::new));
    }

    private static List<UsdtProbe> sites(Path binary, String provider, String name) {
        List<UsdtProbe> all = UsdtNotes.read(binary);
        List<UsdtProbe> sites = all.stream().filter(p -> p.is(provider, name)).toList();
        if (sites.isEmpty()) {
            List<String> names = all.stream().map(UsdtProbe::qualifiedName).distinct().toList();
            throw new BpfNotFoundException("USDT probe " + provider + ":" + name + " is not in " + binary + " (it has "
                    + (names.size() <= 20 ? names : names.subList(0, 20) + " and " + (names.size() - 20) + " more")
                    + ")", Errno.ENOENT);
        }
        return sites;
    }

    private synchronized int allocate(String what) {
        int id = used.nextClearBit(0);
        if (id >= map.maxEntries()) {
            throw new IllegalStateException("USDT spec map '" + map.name() + "' is full (" + map.maxEntries()
                    + " sites attached) attaching " + what);
        }
        used.set(id);
        return id;
    }

    private synchronized void release(int id) {
        used.clear(id);
    }

    private static byte[] key(int id) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(id).array();
    }

    private static void closeAll(List<AutoCloseable> attached, RuntimeException failure) {
        for (AutoCloseable c : attached) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
