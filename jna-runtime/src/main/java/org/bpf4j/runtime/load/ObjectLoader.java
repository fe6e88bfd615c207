package org.bpf4j.runtime.load;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfFormatException;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.CoreRelocationException;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.DataSection;
import org.bpf4j.object.elf.DataVariable;
import org.bpf4j.object.elf.ElfFormatException;
import org.bpf4j.object.elf.MapSlot;
import org.bpf4j.object.elf.MapSpec;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.map.MapInfo;
import org.bpf4j.runtime.probe.IsaProbe;
import org.bpf4j.runtime.probe.MissingMapKinds;
import org.bpf4j.runtime.sys.BpfAttr;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Cpus;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.MappedRegion;
import org.bpf4j.runtime.sys.Sys;

/**
 * Loads a {@link BpfObject} as libbpf does: externs resolved against the running kernel, BTF
 * (completed) into the kernel, maps from {@code .maps}/{@code maps}, one mmap-able array map per
 * global data section ({@code .rodata} and {@code .kconfig} frozen after their initial value is
 * written), then every program, linked, CO-RE relocated and with externs patched. On any failure
 * everything created so far is closed before the exception propagates.
 */
public final class ObjectLoader {
    private static final int BPF_F_RDONLY_PROG = 1 << 7, BPF_F_MMAPABLE = 1 << 10;
    private static final String PIN_ROOT = "/sys/fs/bpf/";

    private final String name;
    private final BpfObject object;
    private final Map<String, Integer> maxEntries;
    private final Map<String, byte[]> dataImages;
    private final SectionLayout layout;
    private final Supplier<Optional<IsaLevel>> kernelIsa;

    private Externs externs;
    private Fd btfFd;
    private Optional<Btf> loadedBtf = Optional.empty();
    private final Map<String, KernelMap> maps = new LinkedHashMap<>();
    private final Map<String, KernelMap> dataMaps = new LinkedHashMap<>();
    private final Map<String, GlobalData> globals = new LinkedHashMap<>();
    private final List<MappedRegion> regions = new ArrayList<>();
    private final Map<String, LoadedProgram> programs = new LinkedHashMap<>();
    private final Map<String, DataVariable> variables = new HashMap<>();
    private final Map<String, String> sectionOfVariable = new HashMap<>();
    private final List<Path> pinnedHere = new ArrayList<>();
    /** What the loader is doing, for the message of a failure the object model reports. */
    private String stage = "program sections";

    private ObjectLoader(String name, BpfObject object, SectionLayout layout, Map<String, Integer> maxEntries,
                         Map<String, byte[]> dataImages, Supplier<Optional<IsaLevel>> kernelIsa) {
        this.name = name;
        this.object = object;
        this.layout = layout;
        this.maxEntries = maxEntries;
        this.dataImages = dataImages;
        this.kernelIsa = kernelIsa;
    }

    /**
     * Loads {@code object}, whose ELF section sizes, symbol offsets and externs are {@code layout}
     * (see {@link ObjectReader});
     * {@code maxEntries} overrides map capacities by map name and {@code dataImages} gives the
     * initial bytes of global data sections by section name.
     */
    public static LoadedObject load(String name, BpfObject object, SectionLayout layout,
                                    Map<String, Integer> maxEntries, Map<String, byte[]> dataImages) {
        return load(name, object, layout, maxEntries, dataImages, IsaProbe::supported);
    }

    /**
     * As {@link #load(String, BpfObject, SectionLayout, Map, Map)}, with the ISA level the kernel
     * runs from {@code kernelIsa} (asked only for a program above v1; empty: unknown, not checked).
     */
    public static LoadedObject load(String name, BpfObject object, SectionLayout layout, Map<String, Integer> maxEntries,
                                    Map<String, byte[]> dataImages, Supplier<Optional<IsaLevel>> kernelIsa) {
        ObjectLoader l = new ObjectLoader(name, object, layout, maxEntries, dataImages, kernelIsa);
        Map<String, SectionDefs.SectionDef> defs = l.programTypes();
        try {
            l.stage = "externs";
            l.externs = Externs.resolve(name, object.btf(), layout.externs());
            l.stage = "BTF";
            l.loadBtf();
            l.createMaps();
            l.createDataMaps();
            l.createKconfigMap();
            l.loadPrograms(defs);
            return new LoadedObject(name, l.programs, l.maps, l.dataMaps, l.globals, l.regions, l.btfFd);
        } catch (RuntimeException | Error e) {
            l.closeAll();
            if (e instanceof IllegalArgumentException || e instanceof BtfFormatException
                    || e instanceof CoreRelocationException || e instanceof ElfFormatException) {
                // what the object model found wrong with the object while loading it
                throw new BpfException("cannot load object '" + name + "' (" + l.stage + "): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Everything created so far, closed; pins this load made, removed (as libbpf does). */
    private void closeAll() {
        programs.values().forEach(LoadedProgram::close);
        maps.values().forEach(KernelMap::close);
        regions.forEach(MappedRegion::close);
        dataMaps.values().forEach(KernelMap::close);
        if (btfFd != null) btfFd.close();
        for (Path pin : pinnedHere) {
            try {
                Files.deleteIfExists(pin);
            } catch (IOException e) {
                // the load's own failure is what the caller needs; a pin left behind is named by it
            }
        }
    }

    // ---- BTF ----

    private void loadBtf() {
        if (object.btf().isEmpty()) return;
        Btf btf = BtfSanitizer.sanitize(object.btf().get(), layout, externs);
        byte[] bytes = btf.encode();
        int fd = BpfSyscall.btfLoad(bytes, null, 0, 0);
        if (fd < 0) {
            int size = 4 << 20;
            Memory log = new Memory(size);
            log.setByte(0, (byte) 0);
            int again = BpfSyscall.btfLoad(bytes, log, size, 1);
            if (again >= 0) {
                fd = again;
            } else if (-again == Errno.EPERM || -again == Errno.EACCES) {
                throw Sys.error("BTF_LOAD", -again, "BTF of object '" + name + "'");
            } else {
                String text = log.getString(0, StandardCharsets.UTF_8.name()).strip();
                throw new BpfException("the kernel rejected the BTF of object '" + name + "' ("
                        + Errno.describe(-again) + ")" + (text.isEmpty() ? "" : ":\n" + tail(text)), -again);
            }
        }
        btfFd = new Fd(fd, "BTF of object '" + name + "'");
        loadedBtf = Optional.of(btf);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    // ---- maps ----

    private void createMaps() {
        for (MapSpec m : object.maps()) {
            stage = "map '" + m.name() + "'";
            MapDefinition def = m.definition();
            int max = maxEntries.getOrDefault(m.name(), def.maxEntries());
            if (def.mapType() == MapKind.PERF_EVENT_ARRAY.kernelType() && max == 0) max = Cpus.possibleCount();
            if (def.pinning() == MapDefinition.PIN_BY_NAME) {
                maps.put(m.name(), pinnedOrCreated(m, def, max));
            } else {
                maps.put(m.name(), create(m.name(), def, max));
            }
        }
        fillSlots(false);
    }

    private KernelMap pinnedOrCreated(MapSpec m, MapDefinition def, int max) {
        kernelMapName(m.name()); // a name the kernel accepts is also a plain file name in bpffs
        String path = PIN_ROOT + m.name();
        if (Files.exists(Path.of(path))) {
            KernelMap existing = KernelMap.openPinned(path);
            MapInfo i = existing.info();
            if (i.type() != def.mapType() || i.keySize() != def.keySize() || i.valueSize() != def.valueSize()
                    || i.maxEntries() != max) {
                existing.close();
                throw new BpfException("map '" + m.name() + "' pinned at " + path + " does not match its definition"
                        + " (type/key/value/max entries differ); remove the pin or fix the definition");
            }
            return existing;
        }
        KernelMap created = create(m.name(), def, max);
        try {
            created.pin(path);
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
        pinnedHere.add(Path.of(path));
        return created;
    }

    private KernelMap create(String mapName, MapDefinition def, int max) {
        Fd inner = def.innerMap() == null ? null : createFd(mapName + ".inner", def.innerMap(), def.innerMap().maxEntries());
        try {
            Fd fd = createFd(mapName, def, max, inner);
            return new KernelMap(fd, new MapInfo(mapName, def.mapType(), def.keySize(), valueSize(def), max,
                    def.flags(), 0, 0));
        } finally {
            if (inner != null) inner.close();
        }
    }

    /**
     * The map's name for the kernel: cut to 15 characters as libbpf does (the full name stays the
     * Java name), but a character the kernel refuses is an error, not silently dropped.
     */
    private String kernelMapName(String mapName) {
        String cut = BpfAttr.truncatedName(mapName);
        if (!BpfAttr.hasValidNameCharacters(cut)) {
            throw new BpfException("object '" + name + "': map name '" + mapName + "' has characters the kernel refuses"
                    + " (it accepts letters, digits, '_' and '.')");
        }
        return cut;
    }

    /**
     * The value size to create the map with: a map of maps or programs declared with
     * {@code __array(values, ...)} states none, and holds 4-byte ids (libbpf sets 4 too).
     */
    private static int valueSize(MapDefinition def) {
        return def.valueSize() == 0 && HOLDS_IDS.contains(def.mapType()) ? 4 : def.valueSize();
    }

    /** Map types whose values are the fds (from user space) or ids of other maps or programs. */
    private static final java.util.Set<Integer> HOLDS_IDS = java.util.Set.of(MapKind.ARRAY_OF_MAPS.kernelType(),
            MapKind.HASH_OF_MAPS.kernelType(), MapKind.PROG_ARRAY.kernelType());

    /**
     * The initial slots of maps of maps ({@code programs} false) or of program arrays
     * ({@code programs} true), as clang wrote them ({@code .values = { [1] = &inner }}).
     */
    private void fillSlots(boolean programArrays) {
        for (MapSpec m : object.maps()) {
            if ((m.definition().mapType() == MapKind.PROG_ARRAY.kernelType()) != programArrays) continue;
            stage = "initial slots of map '" + m.name() + "'";
            for (MapSlot slot : m.initialSlots()) {
                Fd target = programArrays ? programs.containsKey(slot.target()) ? programs.get(slot.target()).fd() : null
                        : maps.containsKey(slot.target()) ? maps.get(slot.target()).fd() : null;
                if (target == null) {
                    throw new BpfException("object '" + name + "': slot " + slot.index() + " of map '" + m.name()
                            + "' names '" + slot.target() + "', which the object does not define");
                }
                KernelMap outer = maps.get(m.name());
                target.apply(fd -> {
                    outer.update(u32(slot.index()), u32(fd));
                    return null;
                });
            }
        }
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private Fd createFd(String mapName, MapDefinition def, int max) {
        return createFd(mapName, def, max, null);
    }

    /** MAP_CREATE with the BTF key/value types; retried without them when the kernel refuses BTF for this map. */
    private Fd createFd(String mapName, MapDefinition def, int max, Fd inner) {
        String subject = "map '" + mapName + "' of object '" + name + "'";
        BpfSyscall.MapCreate req = BpfSyscall.mapCreate(def.mapType(), def.keySize(), valueSize(def), max).flags(def.flags())
                .name(kernelMapName(mapName)).numaNode(def.numaNode()).mapExtra(Integer.toUnsignedLong(def.mapExtra()));
        if (inner != null) req.innerMapFd(inner.get());
        boolean typed = btfFd != null && (def.keyTypeId() != 0 || def.valueTypeId() != 0);
        if (typed) req.btf(btfFd.get(), def.keyTypeId(), def.valueTypeId());
        int fd = req.createRaw();
        if (fd < 0 && typed) {
            req.btf(0, 0, 0);
            fd = req.createRaw();
        }
        if (fd < 0) {
            int errno = -fd;
            throw MissingMapKinds.explain(def.mapType(), errno, subject).orElseGet(() -> Sys.error("MAP_CREATE", errno, subject));
        }
        return new Fd(fd, subject);
    }

    // ---- global data ----

    private void createDataMaps() {
        for (DataSection d : object.dataSections()) {
            stage = "global data " + d.name();
            for (DataVariable v : d.variables()) {
                variables.put(v.name(), v);
                sectionOfVariable.put(v.name(), d.name());
            }
            if (d.size() == 0) continue;
            byte[] image = dataImages.containsKey(d.name()) ? dataImages.get(d.name())
                    : d.isZeroFilled() ? null : d.contents();
            createDataMap(d.name(), d.isReadOnly(), d.size(), image, d.variables());
        }
    }

    /** libbpf's {@code .kconfig} map: the externs' values, read-only for programs and frozen. */
    private void createKconfigMap() {
        byte[] image = externs.kconfigImage();
        if (image.length == 0) return;
        createDataMap(Externs.KCONFIG, true, image.length, image, externs.kconfigVariables());
    }

    /**
     * One section's array map, mapped; {@code image} (null: zeros, as the kernel creates it) is
     * its initial value, written through the mapping unless the map is read-only.
     */
    private void createDataMap(String section, boolean readOnly, int size, byte[] image, List<DataVariable> vars) {
        int flags = BPF_F_MMAPABLE | (readOnly ? BPF_F_RDONLY_PROG : 0);
        String mapName = kernelMapName(internalMapName(section));
        String subject = "global data " + section + " of object '" + name + "'";
        BpfSyscall.MapCreate req = BpfSyscall.mapCreate(MapKind.ARRAY.kernelType(), 4, size, 1).flags(flags).name(mapName);
        int datasec = datasecId(section);
        if (datasec > 0) req.btf(btfFd.get(), 0, datasec);
        int fd = req.createRaw();
        if (fd < 0 && datasec > 0) {
            req.btf(0, 0, 0);
            fd = req.createRaw();
        }
        if (fd < 0) throw Sys.error("MAP_CREATE", -fd, subject);
        KernelMap map = new KernelMap(new Fd(fd, subject),
                new MapInfo(mapName, MapKind.ARRAY.kernelType(), 4, size, 1, flags, 0, 0));
        dataMaps.put(section, map);
        if (readOnly && image != null) map.update(new byte[4], image);
        if (readOnly) map.freeze();
        int prot = readOnly ? MappedRegion.PROT_READ : MappedRegion.PROT_READ | MappedRegion.PROT_WRITE;
        MappedRegion region = MappedRegion.map(fd, roundToPage(size), prot, 0, subject);
        regions.add(region);
        if (!readOnly && image != null) region.view().put(0, image);
        globals.put(section, GlobalData.mapped(section, region, size, readOnly, vars));
    }

    private int datasecId(String section) {
        if (loadedBtf.isEmpty()) return 0;
        Btf btf = loadedBtf.get();
        for (int id = 1; id <= btf.maxId(); id++) {
            if (btf.type(id) instanceof BtfType.Datasec ds && ds.name().equals(section)) return id;
        }
        return 0;
    }

    /** libbpf's naming: up to 8 characters of the object name, then the section name. */
    private String internalMapName(String section) {
        String prefix = name.replaceAll("[^A-Za-z0-9_]", "_");
        prefix = prefix.substring(0, Math.min(8, prefix.length()));
        String full = prefix + section;
        return full.substring(0, Math.min(15, full.length()));
    }

    private static long roundToPage(long size) {
        long page = MappedRegion.pageSize();
        return (size + page - 1) / page * page;
    }

    // ---- programs ----

    /** Each program's conventions by its section name, checked before anything is created. */
    private Map<String, SectionDefs.SectionDef> programTypes() {
        Map<String, SectionDefs.SectionDef> defs = new HashMap<>();
        for (ProgramSpec p : object.programs()) {
            try {
                defs.put(p.name(), SectionDefs.forSection(p.section()));
            } catch (IllegalArgumentException e) {
                throw new BpfException("object '" + name + "': program '" + p.name() + "': " + e.getMessage());
            }
        }
        return defs;
    }

    private void loadPrograms(Map<String, SectionDefs.SectionDef> defs) {
        ProgramLinker linker = new ProgramLinker(object, new ProgramLinker.Symbols() {
            @Override
            public int mapFd(String map) {
                KernelMap m = maps.get(map);
                if (m == null) throw new BpfException("object '" + name + "' refers to unknown map '" + map + "'");
                return m.fd().get();
            }

            @Override
            public int dataFd(String symbol) {
                String section = dataMaps.containsKey(symbol) ? symbol : sectionOfVariable.get(symbol);
                KernelMap m = section == null ? null : dataMaps.get(section);
                if (m == null) throw new BpfException("object '" + name + "' refers to unknown global data '" + symbol + "'");
                return m.fd().get();
            }

            @Override
            public int dataOffset(String symbol) {
                DataVariable v = dataMaps.containsKey(symbol) ? null : variables.get(symbol);
                return v == null ? 0 : v.offset();
            }

            @Override
            public int kconfigFd() {
                KernelMap m = dataMaps.get(Externs.KCONFIG);
                if (m == null) throw new BpfException("object '" + name + "' has no .kconfig externs to refer to");
                return m.fd().get();
            }
        }, loadedBtf, new CorePatcher(object), new ExternPatcher(layout.externs(), externs));
        for (ProgramSpec p : object.programs()) {
            stage = "program '" + p.name() + "' in section '" + p.section() + "'";
            SectionDefs.SectionDef def = defs.get(p.name());
            ProgramLinker.Linked linked = linker.link(p);
            IsaCheck.check(name, p.name(), linked.code(), kernelIsa);
            int attachBtfId = attachBtfId(def, p);
            ProgramImage image = new ProgramImage(p.name(), def.progType(), def.expectedAttachType(), linked.code(),
                    object.license(), btfFd == null ? 0 : btfFd.get(), linked.funcInfo(), linked.lineInfo(),
                    attachBtfId, def.flags(), linked::sourceLine);
            programs.put(p.name(), new LoadedProgram(ProgramLoader.load(image), p.name(), p.section(), def.progType(),
                    def.expectedAttachType(), linked.code().length / 8));
        }
        fillSlots(true);
    }

    /** The kernel BTF id that fentry/fexit/fmod_ret, tp_btf, LSM and iterator programs attach to. */
    private static int attachBtfId(SectionDefs.SectionDef def, ProgramSpec p) {
        if (def.progType() != SectionDefs.TRACING && def.progType() != SectionDefs.LSM) return 0;
        String target = def.target(p.section());
        String kernelName = switch (def.expectedAttachType()) {
            case 23 -> "btf_trace_" + target;   // tp_btf: the tracepoint's typedef
            case 27, 43 -> "bpf_lsm_" + target; // LSM hooks
            case 28 -> "bpf_iter_" + target;    // iterators
            default -> target;                  // fentry/fexit/fmod_ret: the function itself
        };
        BtfKind kind = def.expectedAttachType() == 23
                ? BtfKind.TYPEDEF : BtfKind.FUNC;
        try {
            return KernelBtf.vmlinux().findType(kernelName, kind).orElseThrow();
        } catch (NoSuchElementException e) {
            throw new BpfNotFoundException("program '" + p.name() + "' (section '" + p.section() + "') attaches to '"
                    + kernelName + "', which the kernel's BTF does not have", Errno.ENOENT);
        }
    }
}
