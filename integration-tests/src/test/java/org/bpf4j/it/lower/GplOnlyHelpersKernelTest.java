package org.bpf4j.it.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bpf4j.annotation.Helper;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.Bpf;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;
import org.junit.jupiter.api.Test;

/**
 * The verifier refuses under a non-GPL license exactly the helpers javac refuses there (those
 * marked {@code gplOnly} on their {@code @Helper}): each helper the running kernel has is called,
 * under the license "Proprietary", from the first program type that may call it, and the log
 * must say "GPL-restricted" exactly for the marked ones.
 */
@KernelTest
class GplOnlyHelpersKernelTest {
    /** Types that load nothing without an attach target. */
    private static final Set<ProgramType> NEED_TARGET = Set.of(ProgramType.FENTRY, ProgramType.FEXIT, ProgramType.FMOD_RET, ProgramType.TP_BTF,
            ProgramType.ITER, ProgramType.LSM);
    private static final int LOG_SIZE = 1 << 16;

    @Test
    void gplOnlyMarksMatchTheVerifier() {
        List<String> mismatches = new ArrayList<>();
        int classified = 0;
        for (Method m : Bpf.class.getDeclaredMethods()) {
            Helper helper = m.getAnnotation(Helper.class);
            if (helper == null) {
                continue;
            }
            for (ProgramType type : ProgramType.values()) {
                if (NEED_TARGET.contains(type) || Arrays.asList(helper.unavailableIn()).contains(type)) {
                    continue;
                }
                String log = load(type, helper.id());
                if (log.contains("unknown func") || log.contains("invalid func")
                        || log.contains("cannot use helper") || log.contains("might sleep")) {
                    continue;   // not a helper of this kernel, or not for this program type
                }
                classified++;
                boolean refused = log.contains("GPL-restricted");
                if (refused != helper.gplOnly()) {
                    mismatches.add(helper.name() + " (" + type + "): gplOnly = " + helper.gplOnly() + ", verifier "
                            + (refused ? "refuses" : "accepts") + " it under a non-GPL license");
                }
                break;
            }
        }
        assertTrue(classified > 100, "only " + classified + " helpers could be checked");
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /** Loads {@code call id; r0 = 0; exit} under "Proprietary"; the verifier's log, empty when it loaded. */
    private static String load(ProgramType type, int helperId) {
        ByteBuffer code = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        code.put((byte) 0x85).put((byte) 0).putShort((short) 0).putInt(helperId);      // call helperId
        code.put((byte) 0xb7).put((byte) 0).putShort((short) 0).putInt(0);             // r0 = 0
        code.put((byte) 0x95).put((byte) 0).putShort((short) 0).putInt(0);             // exit
        Memory log = new Memory(LOG_SIZE);
        log.clear();
        BpfSyscall.ProgLoad load = BpfSyscall.progLoad(type.kernelProgType(), code.array(), "Proprietary");
        if (type.expectedAttachType() >= 0) {
            load.expectedAttachType(type.expectedAttachType());
        }
        int fd = load.load(log, LOG_SIZE, 1);
        if (fd >= 0) {
            new Fd(fd, "helper probe").close();
            return "";
        }
        return new String(log.getByteArray(0, LOG_SIZE), StandardCharsets.UTF_8);
    }
}
