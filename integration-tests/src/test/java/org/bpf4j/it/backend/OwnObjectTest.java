package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.compiler.asm.AssembledCode;
import org.bpf4j.compiler.asm.Assembler;
import org.bpf4j.compiler.asm.Disassembler;
import org.bpf4j.compiler.asm.LineRecord;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.btf.MapDefinitions;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.BpfObjectWriter;
import org.bpf4j.object.elf.DataSection;
import org.bpf4j.object.elf.DataVariable;
import org.bpf4j.object.elf.MapSpec;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Width;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object built without clang — Assembler code, BtfBuilder types, BpfObjectWriter — that the
 * standard tools accept: bpftool loads it (the kernel verifies it, with its BTF and line info),
 * runs it (the map and the global counter change), dumps its BTF and quotes our source lines,
 * and llvm-objdump disassembles it as we do.
 */
@KernelTest
class OwnObjectTest {
    private static final String FILE = "Counter.java";
    private static final String PROGRAM = "count_packets";
    private static final int BPF_MAP_TYPE_HASH = 1;
    private static final int BPF_FUNC_MAP_UPDATE_ELEM = 2;
    private static final int XDP_PASS = 2;

    @TempDir
    static Path tmp;
    private static Path object;
    private static AssembledCode code;

    @BeforeAll
    static void writeObject() throws Exception {
        code = assemble();
        BtfBuilder btf = new BtfBuilder();
        int u32 = btf.addInt("unsigned int", 4, false);
        int u64 = btf.addInt("unsigned long long", 8, false);
        int intType = btf.addInt("int", 4, true);
        List<BtfType.Member> xdpMd = new ArrayList<>();
        String[] fields = {"data", "data_end", "data_meta", "ingress_ifindex", "rx_queue_index", "egress_ifindex"};
        for (int i = 0; i < fields.length; i++) xdpMd.add(BtfType.Member.of(fields[i], u32, i * 32));
        int ctx = btf.addPtr(btf.addStruct("xdp_md", 24, xdpMd));
        int proto = btf.addFuncProto(intType, List.of(new BtfType.Param("ctx", ctx)));
        int func = btf.addFunc(PROGRAM, proto, Linkage.GLOBAL);

        MapDefinition hits = MapDefinition.typed(BPF_MAP_TYPE_HASH, u32, 4, u64, 8, 16);
        MapDefinitions maps = new MapDefinitions(btf);
        maps.addMap("hits", hits);
        maps.addMapsSection();
        int counter = btf.addVar("counter", u64, Linkage.GLOBAL);
        btf.addDatasec(".bss", 8, List.of(new BtfType.VarSecInfo(counter, 0, 8)));

        List<BtfExt.LineInfo> lines = new ArrayList<>();
        for (LineRecord l : code.lines()) {
            lines.add(new BtfExt.LineInfo(l.byteOffset(), l.file(), l.sourceText(), l.line(), l.column()));
        }
        BtfExt ext = new BtfExt(List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, func)))),
                List.of(new BtfExt.Section<>("xdp", lines)), List.of());
        ext.addStringsTo(btf);
        Btf built = btf.build();

        BpfObject bpf = new BpfObject("GPL",
                List.of(ProgramSpec.of("xdp", PROGRAM, code.insns(), code.relocations())), List.of(),
                List.of(new MapSpec("hits", hits)),
                List.of(DataSection.zeroFilled(".bss", 8, List.of(new DataVariable("counter", 0, 8, true)))),
                Optional.of(built), Optional.of(ext));
        byte[] bytes = BpfObjectWriter.write(bpf);
        assertEquals(bpf, BpfObjectReader.read(bytes), "our reader reads back what we wrote");
        object = tmp.resolve("counter.bpf.o");
        Files.write(object, bytes);
    }

    /** hits[1] = 1 (BPF_ANY); counter += 1 atomically; return XDP_PASS. */
    private static AssembledCode assemble() {
        Assembler a = new Assembler();
        a.line(FILE, 10, 9, "hits.put(1, 1L);");
        a.emit(Insn.mov64Imm(Reg.R1, 1));
        a.emit(Insn.stx(Width.W, Reg.R10, Reg.R1, -4));
        a.emit(Insn.stx(Width.DW, Reg.R10, Reg.R1, -16));
        a.ldMap(Reg.R1, "hits");
        a.emit(Insn.mov64(Reg.R2, Reg.R10)).emit(Insn.alu64Imm(AluOp.ADD, Reg.R2, -4));
        a.emit(Insn.mov64(Reg.R3, Reg.R10)).emit(Insn.alu64Imm(AluOp.ADD, Reg.R3, -16));
        a.emit(Insn.mov64Imm(Reg.R4, 0));
        a.emit(Insn.call(BPF_FUNC_MAP_UPDATE_ELEM));
        a.line(FILE, 11, 9, "counter++;");
        a.ldMapValue(Reg.R1, "counter", 0);
        a.emit(Insn.mov64Imm(Reg.R2, 1));
        a.emit(Insn.atomic(Width.DW, AtomicOp.ADD, Reg.R1, Reg.R2, 0));
        a.line(FILE, 12, 9, "return XdpAction.PASS;");
        a.emit(Insn.mov64Imm(Reg.R0, XDP_PASS));
        a.emit(Insn.exit());
        return a.finish();
    }

    @Test
    void bpftoolLoadsItAndQuotesTheSourceLines() throws Exception {
        Prerequisites.requireTool("bpftool");
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-elf-" + UUID.randomUUID());
        try {
            ExternalProcess.stdoutOf("bpftool", "prog", "loadall", object.toString(), pins.toString());
            Path pinned = pins.resolve(PROGRAM);
            assertTrue(Files.exists(pinned), "program pinned at " + pinned);
            String xlated = ExternalProcess.stdoutOf("bpftool", "prog", "dump", "xlated", "pinned", pinned.toString(), "linum");
            for (String text : List.of("hits.put(1, 1L);", "counter++;", "return XdpAction.PASS;")) {
                assertTrue(xlated.contains("; " + text), "line info '" + text + "' in:\n" + xlated);
            }
            assertTrue(xlated.contains("file:" + FILE + " line_num:11 line_col:9"), "file and line in:\n" + xlated);
            String show = ExternalProcess.stdoutOf("bpftool", "prog", "show", "pinned", pinned.toString());
            assertTrue(show.contains("xdp") && show.contains("name " + PROGRAM) && show.contains("btf_id"), show);
        } finally {
            Tools.deleteRecursively(pins);
        }
    }

    @Test
    void runsUpdatingTheHashMapAndTheGlobalCounter() throws Exception {
        Prerequisites.requireTool("bpftool");
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-elf-" + UUID.randomUUID());
        try {
            Files.createDirectory(pins);
            Path maps = pins.resolve("maps");
            ExternalProcess.stdoutOf("bpftool", "prog", "loadall", object.toString(), pins.resolve("progs").toString(),
                    "pinmaps", maps.toString());
            Path packet = Files.write(tmp.resolve("packet"), new byte[64]);
            String run = ExternalProcess.stdoutOf("bpftool", "prog", "run", "pinned", pins.resolve("progs").resolve(PROGRAM).toString(),
                    "data_in", packet.toString(), "repeat", "3");
            assertTrue(run.contains("Return value: " + XDP_PASS), run);
            String hits = ExternalProcess.stdoutOf("bpftool", "map", "dump", "pinned", maps.resolve("hits").toString());
            // With BTF, bpftool prints keys and values by their types.
            assertTrue(squeeze(hits).contains("[{\"key\":1,\"value\":1}]"), hits);
            Path bss;
            try (var files = Files.list(maps)) {
                // libbpf names it "<object>.bss"; bpftool pins it with the dot replaced
                bss = files.filter(p -> p.getFileName().toString().endsWith("_bss")).findFirst()
                        .orElseThrow(() -> new AssertionError("no .bss map pinned in " + maps));
            }
            String counter = ExternalProcess.stdoutOf("bpftool", "map", "dump", "pinned", bss.toString());
            assertTrue(squeeze(counter).contains("{\"counter\":3}"), "counter after 3 runs:\n" + counter);
        } finally {
            Tools.deleteRecursively(pins);
        }
    }

    @Test
    void bpftoolDumpsItsBtf() throws Exception {
        Prerequisites.requireTool("bpftool");
        String dump = ExternalProcess.stdoutOf("bpftool", "btf", "dump", "file", object.toString());
        for (String expected : List.of("FUNC '" + PROGRAM + "' type_id=", "linkage=global", "FUNC_PROTO", "'ctx' type_id=",
                "STRUCT 'xdp_md' size=24 vlen=6", "VAR 'hits'", "VAR 'counter'", "DATASEC '.maps' size=32 vlen=1",
                "DATASEC '.bss' size=8 vlen=1", "INT 'unsigned long long' size=8")) {
            assertTrue(dump.contains(expected), "'" + expected + "' in:\n" + dump);
        }
    }

    @Test
    void llvmObjdumpAndOurDisassemblerAgree() throws Exception {
        Prerequisites.requireTool("llvm-objdump");
        String objdump = ExternalProcess.stdoutOf("llvm-objdump", "-d", object.toString());
        Pattern insnLine = Pattern.compile("^\\s*\\d+:\\t(?:[0-9a-f]{2} )+[0-9a-f]{2}\\t(.*)$");
        List<String> theirs = new ArrayList<>();
        for (String line : objdump.lines().toList()) {
            Matcher m = insnLine.matcher(line);
            if (m.matches()) theirs.add(withoutLabel(m.group(1)));
        }
        List<String> ours = code.insns().stream().map(new Disassembler()::format).map(OwnObjectTest::withoutLabel).toList();
        assertEquals(ours, theirs, objdump);
        assertTrue(objdump.contains("<" + PROGRAM + ">:"), objdump);
    }

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String withoutLabel(String text) {
        return text.replaceAll("\\s*<[^>]*>$", "").strip();
    }
}
