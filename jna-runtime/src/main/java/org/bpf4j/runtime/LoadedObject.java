package org.bpf4j.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.MappedRegion;

/**
 * An object loaded into the kernel: its programs, maps and global data. {@link #close()}
 * closes programs, then maps, unmaps global data and releases the BTF, so nothing leaks.
 */
public final class LoadedObject implements AutoCloseable {
    private final String name;
    private final Map<String, LoadedProgram> programs;
    private final Map<String, KernelMap> maps;
    private final Map<String, KernelMap> dataMaps;
    private final Map<String, GlobalData> globals;
    private final List<MappedRegion> regions;
    private final Fd btf;
    private volatile boolean closed;

    /** Assembled by the loader; every argument is owned by the new object. {@code btf} may be null. */
    public LoadedObject(String name, Map<String, LoadedProgram> programs, Map<String, KernelMap> maps,
                        Map<String, KernelMap> dataMaps, Map<String, GlobalData> globals,
                        List<MappedRegion> regions, Fd btf) {
        this.name = name;
        this.programs = Collections.unmodifiableMap(programs);
        this.maps = Collections.unmodifiableMap(maps);
        this.dataMaps = Collections.unmodifiableMap(dataMaps);
        this.globals = Collections.unmodifiableMap(globals);
        this.regions = List.copyOf(regions);
        this.btf = btf;
    }

    public String name() {
        return name;
    }

    /** The program named {@code name} (its function name). */
    public LoadedProgram program(String name) {
        checkOpen();
        LoadedProgram p = programs.get(name);
        if (p == null) {
            throw new IllegalArgumentException("object '" + this.name + "' has no program '" + name + "' (has "
                    + programs.keySet() + ")");
        }
        return p;
    }

    /** All programs in object order. */
    public List<LoadedProgram> programs() {
        checkOpen();
        return new ArrayList<>(programs.values());
    }

    /**
     * The map declared as {@code name}, or the array map behind a global data section when
     * {@code name} is a section such as {@code ".bss"}.
     */
    public KernelMap map(String name) {
        checkOpen();
        KernelMap m = maps.containsKey(name) ? maps.get(name) : dataMaps.get(name);
        if (m == null) {
            throw new IllegalArgumentException("object '" + this.name + "' has no map '" + name + "' (has "
                    + maps.keySet() + " and data sections " + dataMaps.keySet() + ")");
        }
        return m;
    }

    /** The declared maps (not global data) in object order. */
    public List<KernelMap> maps() {
        checkOpen();
        return new ArrayList<>(maps.values());
    }

    /** A global data section, live: reads and writes go to the kernel's memory. */
    public GlobalData globals(String section) {
        checkOpen();
        GlobalData g = globals.get(section);
        if (g == null) {
            throw new IllegalArgumentException("object '" + name + "' has no global data section '" + section
                    + "' (has " + globals.keySet() + ")");
        }
        return g;
    }

    /** The loaded BTF's fd, or null when the object had no BTF. */
    public Fd btf() {
        checkOpen();
        return btf;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("object '" + name + "' is closed");
    }

    /**
     * Closes programs, maps, global data and BTF. Calls running on them meanwhile finish first
     * (each holds what it uses); every later use throws {@link IllegalStateException}.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        programs.values().forEach(LoadedProgram::close);
        maps.values().forEach(KernelMap::close);
        regions.forEach(MappedRegion::close);
        dataMaps.values().forEach(KernelMap::close);
        if (btf != null) btf.close();
    }

    @Override
    public String toString() {
        return "object '" + name + "' programs=" + programs.keySet() + " maps=" + maps.keySet()
                + " data=" + dataMaps.keySet();
    }
}
