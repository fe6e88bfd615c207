package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapDefinitionsTest {
    private static final int HASH = 1;
    private static final int ARRAY = 2;
    private static final int PERCPU_ARRAY = 6;
    private static final int RINGBUF = 27;
    private static final int ARRAY_OF_MAPS = 12;

    @Test
    void readsEveryShapeClangWrites() {
        Btf btf = Btf.parse(ClangBlobs.btf("btf_kinds"));
        Map<String, MapDefinition> maps = MapDefinitions.readAll(btf);
        assertEquals(List.of("typed", "sized", "outer"), List.copyOf(maps.keySet()));
        int u32 = btf.findId("__u32", BtfKind.TYPEDEF).getAsInt();
        int flags = btf.findId("flags", BtfKind.STRUCT).getAsInt();
        assertEquals(new MapDefinition(HASH, 4, u32, 8, flags, 1024, 1, 0, MapDefinition.PIN_BY_NAME, 0, null),
                maps.get("typed"));
        assertEquals(MapDefinition.sized(PERCPU_ARRAY, 4, 24, 8), maps.get("sized"));
        MapDefinition outer = maps.get("outer");
        assertEquals(ARRAY_OF_MAPS, outer.mapType());
        assertEquals(2, outer.maxEntries());
        int i32 = btf.findId("int", BtfKind.INT).getAsInt();
        int i64 = btf.findId("long", BtfKind.INT).getAsInt();
        assertEquals(MapDefinition.typed(ARRAY, i32, 4, i64, 8, 4), outer.innerMap());
    }

    @Test
    void readsTheReferencePrograms() {
        MapDefinition ring = MapDefinitions.readAll(Btf.parse(ClangBlobs.btf("tp_exec_events"))).get("events");
        assertEquals(MapDefinition.sized(RINGBUF, 0, 0, 256 * 1024), ring);
        assertTrue(MapDefinitions.readAll(Btf.parse(ClangBlobs.btf("xdp_pass"))).isEmpty());
    }

    @Test
    void writesWhatItReadsBack() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.addInt("unsigned int", 4, false);
        int u64 = b.addInt("unsigned long long", 8, false);
        MapDefinitions defs = new MapDefinitions(b);
        MapDefinition hash = MapDefinition.typed(HASH, u32, 4, u64, 8, 65536).withFlags(1).withPinning(1);
        MapDefinition sized = MapDefinition.sized(PERCPU_ARRAY, 4, 24, 8).withNumaNode(3).withMapExtra(5);
        MapDefinition outer = MapDefinition.typed(ARRAY_OF_MAPS, u32, 4, 0, 0, 2)
                .withInnerMap(MapDefinition.typed(ARRAY, u32, 4, u64, 8, 4));
        int hashVar = defs.addMap("blocked", hash);
        int sizedVar = defs.addMap("stats", sized);
        defs.addMap("outer", outer);
        defs.addMapsSection();
        assertEquals(0, defs.offsetOf(hashVar));
        assertEquals(6 * 8, defs.offsetOf(sizedVar), "type, max_entries, key, value, map_flags, pinning");
        Btf btf = Btf.parse(b.build().encode());
        assertEquals(Map.of("blocked", hash, "stats", sized, "outer", outer), MapDefinitions.readAll(btf));
        BtfType.Datasec maps = btf.type(btf.findId(".maps", BtfKind.DATASEC).getAsInt(), BtfType.Datasec.class);
        assertEquals(defs.sectionSize(), maps.size());
        assertEquals(3, maps.vars().size());
    }

    @Test
    void writesTheSameShapeAsClang() {
        Btf clang = Btf.parse(ClangBlobs.btf("xdp_blocklist"));
        BtfBuilder b = new BtfBuilder();
        int u32 = b.addInt("unsigned int", 4, false);
        int u64 = b.addInt("unsigned long long", 8, false);
        MapDefinitions defs = new MapDefinitions(b);
        defs.addMap("blocked", MapDefinition.typed(HASH, u32, 4, u64, 8, 65536));
        defs.addMapsSection();
        Btf ours = b.build();
        assertEquals(members(clang), members(ours));
    }

    @Test
    void rejectsDefinitionsLibbpfWouldReject() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);
        int bad = b.addStruct("", 8, List.of(BtfType.Member.of("type", i32, 0)));
        int var = b.addVar("broken", bad, Linkage.GLOBAL);
        int odd = b.addStruct("", 8, List.of(BtfType.Member.of("colour", b.addPtr(i32), 0)));
        int var2 = b.addVar("odd", odd, Linkage.GLOBAL);
        Btf btf = b.build();
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> MapDefinitions.read(btf, var));
        assertTrue(e.getMessage().contains("map 'broken' member 'type'"), e.getMessage());
        e = assertThrows(BtfFormatException.class, () -> MapDefinitions.read(btf, var2));
        assertTrue(e.getMessage().contains("'colour' is not a libbpf map attribute"), e.getMessage());
    }

    /** The members of map 'blocked' as "name: shape", in order. */
    private static List<String> members(Btf btf) {
        int var = btf.findId("blocked", BtfKind.VAR).getAsInt();
        BtfType.Struct def = btf.type(btf.type(var, BtfType.Var.class).type(), BtfType.Struct.class);
        return def.members().stream().map(m -> m.name() + "@" + m.bitOffset() + ": " + shape(btf, m.type())).toList();
    }

    private static String shape(Btf btf, int typeId) {
        BtfType ptr = btf.type(typeId);
        BtfType target = btf.type(((BtfType.Ptr) ptr).type());
        if (target instanceof BtfType.Array) {
            return "int(*)[" + ((BtfType.Array) target).length() + "]";
        }
        int pointee = btf.skipModifiers(((BtfType.Ptr) ptr).type());
        return "ptr to " + btf.sizeOf(pointee) + "-byte " + btf.type(pointee).kind();
    }
}
