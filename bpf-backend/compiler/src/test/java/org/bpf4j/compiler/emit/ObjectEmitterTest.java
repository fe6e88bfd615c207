package org.bpf4j.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.GlobalVar;
import org.bpf4j.compiler.ir.MapDecl;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.DataSection;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.isa.PseudoSrc;
import org.junit.jupiter.api.Test;

/** Objects written by the emitter and read back: sections, symbols, relocations, BTF and .BTF.ext. */
class ObjectEmitterTest {
    /** {@code BPF_FUNC_map_update_elem}. */
    private static final int MAP_UPDATE_ELEM = 2;

    private static Module module() {
        Module m = new Module("Dual MIT/GPL");
        m.addMap(MapDecl.of("counts", 2, DataType.U32, DataType.U64, 4));
        m.addGlobal(new GlobalVar("flag", ".bss", DataType.U8, null));
        m.addGlobal(new GlobalVar("total", ".bss", DataType.U64, null));
        m.addGlobal(new GlobalVar("limit", ".rodata", DataType.S32, new byte[] {10, 0, 0, 0}));
        FunctionBuilder twice = FunctionBuilder.subprogram("twice", Type.I64, Type.I64);
        twice.at(new SourcePos("Demo.java", 3, 9, "static long twice(long x) { return x + x; }"));
        twice.ret(twice.add(twice.param(0), twice.param(0)));
        m.addFunction(twice.build());
        FunctionBuilder p = FunctionBuilder.program("demo", "xdp", Type.I32);
        p.at(new SourcePos("Demo.java", 7, 9, "total += twice(limit);"));
        Value limit = p.load(Type.I64, p.globalAddr("limit", 0), 0, 4, true);
        Value t = p.call("twice", Type.I64, limit);
        p.atomic(AtomicKind.ADD, p.globalAddr("total", 0), 0, 8, t, false);
        Value key = p.stackAlloc(4, true);
        Value value = p.stackAlloc(8, true);
        p.at(new SourcePos("Demo.java", 8, 9, "counts.put(0, 0L);"));
        p.mapUpdate(MAP_UPDATE_ELEM, p.mapAddr("counts"), key, value, Constant.i64(0));
        p.ret(Constant.i32(2));
        m.addFunction(p.build());
        return m;
    }

    @Test
    void objectReadsBackWithEverythingDeclared() {
        BpfObject o = BpfObjectReader.read(Pipeline.compile(module()));
        assertEquals("Dual MIT/GPL", o.license());
        assertEquals(List.of("demo"), o.programs().stream().map(s -> s.name()).toList());
        assertEquals(List.of("twice"), o.subprograms().stream().map(s -> s.name()).toList());
        assertEquals(2, o.map("counts").orElseThrow().definition().mapType());
        assertEquals(8, o.map("counts").orElseThrow().definition().valueSize());

        DataSection bss = o.dataSection(".bss").orElseThrow();
        assertEquals(16, bss.size(), "u8 at 0, u64 aligned to 8");
        assertEquals(8, bss.variables().stream().filter(v -> v.name().equals("total")).findFirst().orElseThrow().offset());
        assertEquals(10, o.dataSection(".rodata").orElseThrow().contents()[0]);

        List<Relocation.Kind> kinds = o.programs().get(0).relocations().stream().map(Relocation::kind).toList();
        assertTrue(kinds.containsAll(List.of(Relocation.Kind.MAP, Relocation.Kind.MAP_VALUE, Relocation.Kind.CALL)), kinds.toString());
        assertTrue(o.programs().get(0).relocations().stream().anyMatch(r -> r.kind() == Relocation.Kind.MAP_VALUE && r.symbol().equals(".bss")));
        assertTrue(o.programs().get(0).insns().stream().anyMatch(i -> i.isLdImm64() && i.pseudoSrc() == PseudoSrc.MAP_VALUE && i.imm32() == 8),
                "the .bss reference carries total's offset in the first immediate, as clang writes it");
    }

    @Test
    void btfDescribesFunctionsMapsAndDataAndLinesQuoteJava() {
        BpfObject o = BpfObjectReader.read(Pipeline.compile(module()));
        Btf btf = o.btf().orElseThrow();
        BtfType.Func demo = btf.type(btf.findId("demo", BtfKind.FUNC).orElseThrow(), BtfType.Func.class);
        BtfType.Func twice = btf.type(btf.findId("twice", BtfKind.FUNC).orElseThrow(), BtfType.Func.class);
        assertEquals(Linkage.GLOBAL, demo.linkage());
        assertEquals(Linkage.GLOBAL, twice.linkage(), "integers in and out, no loop: verified once");
        assertTrue(btf.findId(".maps", BtfKind.DATASEC).isPresent());
        assertTrue(btf.findId(".bss", BtfKind.DATASEC).isPresent());
        assertTrue(btf.findId("counts", BtfKind.VAR).isPresent());

        BtfExt ext = o.btfExt().orElseThrow();
        List<String> sections = ext.funcInfo().stream().map(BtfExt.Section::name).toList();
        assertTrue(sections.containsAll(List.of("xdp", ".text")), sections.toString());
        List<BtfExt.LineInfo> xdpLines = ext.lineInfo().stream().filter(s -> s.name().equals("xdp")).findFirst().orElseThrow().records();
        assertEquals(0, xdpLines.get(0).insnOffset(), "the kernel wants line info at every function start");
        assertTrue(xdpLines.stream().anyMatch(l -> l.lineText().equals("counts.put(0, 0L);") && l.line() == 8 && l.column() == 9));
        assertEquals("Demo.java", xdpLines.get(0).fileName());
    }
}
