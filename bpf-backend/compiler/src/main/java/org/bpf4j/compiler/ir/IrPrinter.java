package org.bpf4j.compiler.ir;

import java.util.Locale;
import java.util.StringJoiner;

/** Text form of the IR for tests and debugging. */
public final class IrPrinter {
    private IrPrinter() {}

    public static String print(Module m) {
        StringBuilder sb = new StringBuilder("license \"" + m.license() + "\"\n");
        for (MapDecl d : m.maps()) sb.append("map ").append(d).append('\n');
        for (GlobalVar g : m.globals()) sb.append("global ").append(g.name()).append(" in ").append(g.section()).append(": ").append(g.type()).append('\n');
        for (Function f : m.functions()) sb.append(print(f));
        return sb.toString();
    }

    public static String print(Function f) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.isProgram() ? "program " : "function ").append(f.name()).append(" section \"").append(f.section()).append("\" (");
        StringJoiner ps = new StringJoiner(", ");
        for (Param p : f.params()) ps.add(p.ref() + ": " + p.type());
        sb.append(ps).append(") -> ").append(f.returnType()).append(" {\n");
        for (Block b : f.blocks()) {
            sb.append(b.name()).append(":\n");
            for (Instruction i : b.instructions()) sb.append("  ").append(print(i)).append('\n');
        }
        return sb.append("}\n").toString();
    }

    public static String print(Instruction i) {
        StringBuilder sb = new StringBuilder();
        if (i.type() != Type.VOID) sb.append(i.ref()).append(':').append(i.type()).append(" = ");
        sb.append(i.op().name().toLowerCase(Locale.ROOT));
        switch (i.op()) {
            case COND_BR: sb.append(' ').append(i.cmp().name().toLowerCase(Locale.ROOT)); break;
            case ATOMIC: sb.append(' ').append(i.atomic().name().toLowerCase(Locale.ROOT)).append(i.fetches() ? " fetch" : ""); break;
            case HELPER_CALL: sb.append(" #").append(i.helperId()).append(i.changesPacket() ? " changes_packet" : "")
                    .append(i.removable() ? " removable" : "").append(i.takesLock() ? " takes_lock" : ""); break;
            case CALL: sb.append(" @").append(i.symbol()).append(i.changesPacket() ? " changes_packet" : ""); break;
            case MAP_ADDR: case GLOBAL_ADDR: sb.append(" @").append(i.symbol()); break;
            default: break;
        }
        StringJoiner ops = new StringJoiner(", ", " ", "");
        ops.setEmptyValue("");
        if (i instanceof Phi) {
            Phi p = (Phi) i;
            for (int k = 0; k < p.operands().size(); k++) ops.add("[" + p.incomingBlocks().get(k).name() + ": " + p.operand(k).ref() + "]");
        } else {
            for (Value v : i.operands()) ops.add(v.ref());
        }
        sb.append(ops);
        switch (i.op()) {
            case CTX_LOAD: case CTX_STORE: case LOAD: case STORE: case ATOMIC:
                sb.append(" +").append(i.offset()).append(" size ").append(i.size());
                if (i.signExtends()) sb.append(" signed");
                break;
            case CORE_VALUE: sb.append(" ").append(i.offset()).append(" [").append(i.core()).append("]"); break;
            case CORE_LOAD: sb.append(" +").append(i.offset()).append(" size ").append(i.size()).append(" [").append(i.core()).append("]"); break;
            case GLOBAL_ADDR: if (i.offset() != 0) sb.append(" +").append(i.offset()); break;
            case PACKET_HEADER: case SEXT: case ZEXT: case BSWAP: sb.append(" size ").append(i.size()); break;
            case STACK_ALLOC: sb.append(" size ").append(i.size()).append(i.zeroed() ? " zeroed" : ""); break;
            case HELPER_CALL: if (i.filledArg() >= 0) sb.append(" fills ").append(i.operand(i.filledArg()).ref()); break;
            default: break;
        }
        for (Block t : i.targets()) sb.append(" -> ").append(t.name());
        return sb.toString();
    }
}
