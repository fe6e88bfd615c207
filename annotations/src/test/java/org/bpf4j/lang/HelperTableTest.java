package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.annotation.Helper;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.Test;

/** The generated {@link Bpf} class against libbpf's {@code bpf_helper_defs.h}. */
class HelperTableTest {
    private static final Path HEADER = Path.of("/usr/include/bpf/bpf_helper_defs.h");
    private static final Pattern DECL = Pattern.compile(
            "^static .+?\\(\\*(?: const)?\\s*(bpf_\\w+)\\)\\((.*)\\) = \\(void \\*\\) (\\d+);", Pattern.MULTILINE);

    private record CHelper(int id, int paramCount) {
    }

    private static Map<String, CHelper> header() throws IOException {
        Prerequisites.require("libbpf-dev's " + HEADER, Files.isReadable(HEADER));
        Map<String, CHelper> helpers = new HashMap<>();
        Matcher matcher = DECL.matcher(Files.readString(HEADER));
        while (matcher.find()) {
            String params = matcher.group(2).trim();
            int count = params.equals("void") ? 0 : params.split(",").length;
            helpers.put(matcher.group(1), new CHelper(Integer.parseInt(matcher.group(3)), count));
        }
        return helpers;
    }

    @Test
    void everyHelperOfTheHeaderIsAMethodWithItsIdAndName() throws IOException {
        Map<String, CHelper> header = header();
        assertTrue(header.size() > 200, "parsed only " + header.size() + " helpers");
        Map<String, Method> byName = new HashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (Method method : Bpf.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            assertTrue(Modifier.isStatic(method.getModifiers()), method + " is not static");
            Helper helper = method.getAnnotation(Helper.class);
            assertNotNull(helper, method + " has no @Helper");
            assertTrue(ids.add(helper.id()), "helper id " + helper.id() + " used twice");
            byName.put(helper.name(), method);
            CHelper c = header.get(helper.name());
            assertNotNull(c, helper.name() + " is not in the header");
            assertEquals(c.id(), helper.id(), helper.name());
        }
        assertEquals(header.keySet(), byName.keySet());
    }

    @Test
    void javaParametersPlusImplicitSizesCoverTheCParameters() throws IOException {
        Map<String, CHelper> header = header();
        for (Method method : Bpf.class.getDeclaredMethods()) {
            Helper helper = method.getAnnotation(Helper.class);
            if (helper == null) {
                continue;
            }
            int javaCount = method.getParameterCount();
            // bpf_trace_printk's "..." is one C parameter and one Java varargs parameter.
            assertEquals(header.get(helper.name()).paramCount(), javaCount + helper.sizeArgs().length,
                    helper.name());
            for (int sizeArg : helper.sizeArgs()) {
                assertTrue(sizeArg > 0, helper.name() + ": a size argument follows the buffer it measures");
            }
            int filled = helper.filledArg();
            assertTrue(filled < 0 || Arrays.stream(helper.sizeArgs()).anyMatch(s -> s == filled + 1),
                    helper.name() + ": the size of the buffer it fills follows it");
            // what takes no pointer writes no memory; changesPacket and filledArg say it writes
            assertTrue(!helper.removable() || (Arrays.stream(method.getParameterTypes()).allMatch(Class::isPrimitive)
                    && !helper.changesPacket() && filled < 0 && !method.getReturnType().equals(void.class)),
                    helper.name() + ": a removable helper takes no pointer, writes nothing and returns a value");
        }
    }

    @Test
    void wellKnownHelpersHaveJavaNamesAndTypes() throws NoSuchMethodException {
        assertEquals(5, Bpf.class.getMethod("ktimeGetNs").getAnnotation(Helper.class).id());
        assertEquals(14, Bpf.class.getMethod("getCurrentPidTgid").getAnnotation(Helper.class).id());
        assertEquals(7, Bpf.class.getMethod("getPrandomU32").getAnnotation(Helper.class).id());
        Method comm = Bpf.class.getMethod("getCurrentComm", Object.class);
        assertEquals(1, comm.getAnnotation(Helper.class).sizeArgs()[0]);
        Method printk = Bpf.class.getMethod("tracePrintk", String.class, long[].class);
        assertTrue(printk.isVarArgs());
        assertEquals(1, Bpf.class.getMethod("mapLookupElem", AbstractBpfMap.class, Object.class)
                .getAnnotation(Helper.class).id());
        assertEquals(12, Bpf.class.getMethod("tailCall", BpfContext.class, AbstractBpfMap.class, int.class)
                .getAnnotation(Helper.class).id());
        assertEquals(long.class, Bpf.class.getMethod("probeReadKernel", Object.class, long.class).getReturnType());
    }

    @Test
    void availabilityTableHasTheKnownCases() throws NoSuchMethodException {
        Set<ProgramType> notProbed = EnumSet.of(ProgramType.FENTRY, ProgramType.FEXIT, ProgramType.FMOD_RET, ProgramType.LSM, ProgramType.TP_BTF, ProgramType.ITER);
        for (Method method : Bpf.class.getDeclaredMethods()) {
            Helper helper = method.getAnnotation(Helper.class);
            if (helper != null) {
                for (ProgramType type : helper.unavailableIn()) {
                    assertFalse(notProbed.contains(type), helper.name() + " lists unprobed " + type);
                }
            }
        }
        assertTrue(unavailable("skbLoadBytes", SkBuffContext.class, int.class, Object.class).contains(ProgramType.XDP));
        assertFalse(unavailable("skbLoadBytes", SkBuffContext.class, int.class, Object.class).contains(ProgramType.TC));
        assertTrue(unavailable("xdpAdjustHead", XdpContext.class, int.class).contains(ProgramType.TC));
        assertEquals(Set.of(), unavailable("ktimeGetNs"));
        assertEquals(Set.of(), unavailable("mapLookupElem", AbstractBpfMap.class, Object.class));
        assertFalse(unavailable("getCurrentPidTgid").contains(ProgramType.TRACEPOINT));
    }

    private static Set<ProgramType> unavailable(String name, Class<?>... parameters) throws NoSuchMethodException {
        ProgramType[] types = Bpf.class.getMethod(name, parameters).getAnnotation(Helper.class).unavailableIn();
        return types.length == 0 ? Set.of() : EnumSet.copyOf(List.of(types));
    }

    @Test
    void helpersWithoutJvmMeaningSayWhereTheyRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Bpf.getCurrentTask());
        assertEquals("bpf_get_current_task runs only in the kernel", e.getMessage());
    }
}
