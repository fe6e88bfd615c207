package org.bpf4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.DataSection;
import org.bpf4j.object.elf.MapSpec;
import org.bpf4j.runtime.load.ObjectLoader;
import org.bpf4j.runtime.load.ObjectReader;
import org.bpf4j.runtime.load.SectionLayout;

/**
 * An opened, not yet loaded BPF object (libbpf-style ELF, from clang or from bpf4j). Between
 * {@code open} and {@link #load()} maps can be resized and global data, {@code .rodata}
 * included, given initial values:
 * <pre>{@code
 * BpfObjectFile f = BpfObjectFile.open(Path.of("prog.bpf.o"));
 * f.rodata().setInt("threshold", 10);
 * try (LoadedObject o = f.load()) { ... }
 * }</pre>
 */
public final class BpfObjectFile {
    private final String name;
    private final BpfObject object;
    private final SectionLayout layout;
    private final Map<String, Integer> maxEntries = new HashMap<>();
    /** Initial images made on first use, so that an untouched .bss costs no memory before load. */
    private final Map<String, GlobalData> initialData = new LinkedHashMap<>();
    /** The largest global data section: one ByteBuffer maps it, page-rounded for any page size up to 64 KiB. */
    public static final int MAX_DATA_SECTION = Integer.MAX_VALUE - 0xFFFF;

    private BpfObjectFile(String name, BpfObject object, SectionLayout layout) {
        this.name = name;
        this.object = object;
        this.layout = layout;
        for (DataSection d : object.dataSections()) {
            if (d.size() > MAX_DATA_SECTION) {
                throw new BpfException("object '" + name + "': global data section " + d.name() + " has " + d.size()
                        + " bytes, more than the " + MAX_DATA_SECTION + " one mapping can hold in Java");
            }
        }
    }

    /** Opens an object from its bytes; {@code name} names it in messages and internal map names. */
    public static BpfObjectFile open(byte[] elf, String name) {
        try {
            ObjectReader.Opened o = ObjectReader.read(elf);
            return new BpfObjectFile(name, o.object(), o.layout());
        } catch (RuntimeException e) {
            throw new BpfException("cannot read BPF object '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Opens an object file; its name is the file name without {@code .o} / {@code .bpf.o}. */
    public static BpfObjectFile open(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BPF object " + path, e);
        }
        String file = path.getFileName().toString();
        return open(bytes, file.replaceFirst("(\\.bpf)?\\.o$", ""));
    }

    /** Opens an object stored as a class-path resource next to {@code anchor} (what skeletons do). */
    public static BpfObjectFile openResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BpfException("BPF object resource '" + resource + "' not found by " + anchor.getName()
                        + "'s class loader (did the bpf4j annotation processor run on it?)");
            }
            String base = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("(\\.bpf)?\\.o$", "");
            return open(in.readAllBytes(), base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BPF object resource " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    /** The parsed object. */
    public BpfObject object() {
        return object;
    }

    /** Program (function) names in object order. */
    public List<String> programNames() {
        List<String> names = new ArrayList<>();
        object.programs().forEach(p -> names.add(p.name()));
        return names;
    }

    /** Sets a map's capacity for the load (for example a ring buffer's size). */
    public BpfObjectFile resizeMap(String map, int newMaxEntries) {
        if (object.map(map).isEmpty()) {
            throw new IllegalArgumentException("object '" + name + "' has no map '" + map + "' (has "
                    + object.maps().stream().map(MapSpec::name).toList() + ")");
        }
        if (newMaxEntries <= 0) {
            throw new IllegalArgumentException("map '" + map + "': maxEntries must be positive, got " + newMaxEntries);
        }
        maxEntries.put(map, newMaxEntries);
        return this;
    }

    /** The initial {@code .rodata}; set constants here before {@link #load()}. */
    public GlobalData rodata() {
        return globals(".rodata");
    }

    /** The initial image of any global data section, settable before {@link #load()}. */
    public synchronized GlobalData globals(String section) {
        GlobalData g = initialData.get(section);
        if (g != null) return g;
        DataSection d = object.dataSections().stream().filter(s -> s.name().equals(section)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("object '" + name + "' has no global data section '"
                        + section + "' (has " + object.dataSections().stream().map(DataSection::name).toList() + ")"));
        g = new GlobalData(d.name(), ByteBuffer.wrap(d.contents()), d.variables());
        initialData.put(section, g);
        return g;
    }

    /** Creates the maps, loads BTF and programs; throws {@link VerifierException} when a program is rejected. */
    public synchronized LoadedObject load() {
        Map<String, byte[]> images = new LinkedHashMap<>();
        initialData.forEach((section, g) -> {
            ByteBuffer b = g.buffer();
            byte[] bytes = new byte[b.capacity()];
            b.get(0, bytes);
            images.put(section, bytes);
        });
        return ObjectLoader.load(name, object, layout, maxEntries, images);
    }
}
