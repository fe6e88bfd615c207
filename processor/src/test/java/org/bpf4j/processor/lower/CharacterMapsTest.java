package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.MapDecl;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Op;
import org.junit.jupiter.api.Test;

/** {@code Character}, the language's {@code u16}, as map key and value: 2 bytes, read unsigned. */
class CharacterMapsTest {
    private static final String MAP = "    @BpfMap(maxEntries = 16) static BpfHashMap<Character, Character> next;";

    @Test
    void characterKeysAndValuesAreTwoUnsignedBytes() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program(MAP,
                "        char c = (char) ctx.ingressIfindex;\n"
                        + "        Character v = next.get(c);\n"
                        + "        if (v == null) { next.put(c, (char) (c + 1)); return 1; }\n"
                        + "        return v >> 15;")));
        assertThat(h.compilation).succeededWithoutWarnings();
        Module m = h.modules.get("Prog");
        MapDecl map = m.maps().stream().filter(d -> d.name().equals("next")).findFirst().orElseThrow();
        assertEquals(DataType.U16, map.keyType());
        assertEquals(DataType.U16, map.valueType());
        Function f = m.function("prog");
        Instruction load = f.instructions().stream().filter(i -> i.op() == Op.LOAD && i.size() == 2).findFirst().orElseThrow();
        assertTrue(!load.signExtends(), "a char value is read zero-extended: " + load);
    }

    @Test
    void atomicAddOnACharacterValueIsAnError() {
        rejected(program(MAP, "        next.incrementIfPresent('a');\n        return 2;"),
                "add/increment needs a map whose value is an int or long, not 2 bytes", "next.increment", 32);
    }
}
