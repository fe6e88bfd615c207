package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the parser sees in clang's BTF for btf_kinds.bpf.c matches the C declarations. */
class ClangContentTest {
    private final Btf btf = Btf.parse(ClangBlobs.btf("btf_kinds"));

    @Test
    void bitfieldsKeepWidthAndOffset() {
        BtfType.Struct flags = btf.type(btf.findId("flags", BtfKind.STRUCT).getAsInt(), BtfType.Struct.class);
        assertTrue(flags.bitfieldOffsets());
        assertEquals(List.of("a", "b", "c", "d", "e"), flags.members().stream().map(BtfType.Member::name).toList());
        BtfType.Member c = flags.members().get(2);
        assertEquals(8, c.bitOffset());
        assertEquals(12, c.bitfieldSize());
        assertEquals(0, flags.members().get(3).bitfieldSize(), "_Bool d is not a bitfield");
        assertEquals(BtfType.Int.BOOL, btf.type(flags.members().get(3).type(), BtfType.Int.class).encoding());
    }

    @Test
    void tagsForwardsEnumsAndModifiers() {
        int flagsId = btf.findId("flags", BtfKind.STRUCT).getAsInt();
        int helperId = btf.findId("helper", BtfKind.FUNC).getAsInt();
        List<BtfType.DeclTag> tags = btf.types().stream().filter(t -> t instanceof BtfType.DeclTag)
                .map(t -> (BtfType.DeclTag) t).toList();
        assertTrue(tags.contains(new BtfType.DeclTag("tag1", flagsId, -1, false)));
        assertTrue(tags.contains(new BtfType.DeclTag("tag1", helperId, 1, false)), "tag on parameter f");
        assertTrue(btf.findId("user", BtfKind.TYPE_TAG).isPresent());
        assertFalse(btf.type(btf.findId("fwd_only", BtfKind.FWD).getAsInt(), BtfType.Fwd.class).union());
        BtfType.Enum colour = btf.type(btf.findId("colour", BtfKind.ENUM).getAsInt(), BtfType.Enum.class);
        assertEquals(-1, colour.values().get(0).value());
        assertEquals(Linkage.STATIC, btf.type(helperId, BtfType.Func.class).linkage());
        assertEquals(Linkage.EXTERN, btf.type(btf.findId("bpf_extern_value", BtfKind.VAR).getAsInt(),
                BtfType.Var.class).linkage());
        int stamp = FieldPaths.resolve(btf, "task_like.stamp").typeId();
        assertEquals(BtfKind.CONST, btf.type(stamp).kind());
        assertEquals(btf.findId("unsigned long long", BtfKind.INT).getAsInt(), btf.skipModifiers(stamp));
    }

    @Test
    void datasecsListTheirVariables() {
        BtfType.Datasec bss = btf.type(btf.findId(".bss", BtfKind.DATASEC).getAsInt(), BtfType.Datasec.class);
        List<String> names = bss.vars().stream().map(v -> btf.type(v.type()).name()).toList();
        assertTrue(names.containsAll(List.of("hidden", "numbers")), names.toString());
        BtfType.Datasec maps = btf.type(btf.findId(".maps", BtfKind.DATASEC).getAsInt(), BtfType.Datasec.class);
        assertEquals(3, maps.vars().size());
    }

    @Test
    void fieldPathsGoThroughAnonymousMembers() {
        FieldLocation hi = FieldPaths.resolve(btf, "task_like.hi");
        assertEquals(64, hi.bitOffset(), "pid (32) + lo (32)");
        assertEquals(32, hi.bitSize());
        FieldLocation c = FieldPaths.resolve(btf, "flags.c");
        assertTrue(c.bitfield());
        assertEquals(8, c.bitOffset());
        assertEquals(12, c.bitSize());
        assertEquals(2, c.byteSize());
        assertEquals(40, FieldPaths.resolve(btf, "task_like.name").byteOffset());
        assertEquals(16, FieldPaths.resolve(btf, "task_like.name").byteSize());
    }

    @Test
    void btfExtCarriesFunctionsLinesAndCoreRelocations() {
        BtfExt ext = BtfExt.parse(ClangBlobs.ext("btf_kinds"), btf);
        String prog = "tracepoint/syscalls/sys_enter_openat";
        assertEquals(List.of(prog, ".text"), ext.funcInfo().stream().map(BtfExt.Section::name).toList());
        assertEquals(btf.findId("kinds", BtfKind.FUNC).getAsInt(), ext.funcInfo().get(0).records().get(0).typeId());
        BtfExt.LineInfo first = ext.lineInfo().get(0).records().get(0);
        assertTrue(first.fileName().endsWith("btf_kinds.bpf.c"));
        assertTrue(first.lineText().contains("int kinds(struct task_like *t)"), first.lineText());
        assertEquals(52, first.line());
        List<BtfExt.CoreRelo> relos = ext.coreRelos().get(0).records();
        int taskLike = btf.findId("task_like", BtfKind.STRUCT).getAsInt();
        assertEquals(new BtfExt.CoreRelo(relos.get(0).insnOffset(), taskLike, "0:0", CoreReloKind.FIELD_BYTE_OFFSET),
                relos.get(0));
        assertEquals(List.of(CoreReloKind.FIELD_BYTE_OFFSET, CoreReloKind.FIELD_BYTE_OFFSET,
                CoreReloKind.FIELD_EXISTS, CoreReloKind.TYPE_SIZE), relos.stream().map(BtfExt.CoreRelo::kind).toList());
    }
}
