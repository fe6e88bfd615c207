package org.bpf4j.lang;

import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * CO-RE: access to kernel structs declared with {@link org.bpf4j.annotation.KernelStruct},
 * relocated at load against the running kernel's BTF, and the questions one object asks to adapt
 * to the kernel it runs on ({@code bpf_core_field_exists} and friends), usable in {@code if}.
 *
 * <pre>{@code
 * Task task = Core.currentTask(Task.class);
 * int ppid = task.realParent.tgid;                 // BPF_CORE_READ(task, real_parent, tgid)
 * if (Core.fieldExists(old.state)) state = old.state;
 * }</pre>
 *
 * <p>The member argument of {@link #fieldExists} and {@link #fieldSize} is not read in the
 * kernel: the compiler takes only the member it names. Kernel memory exists only in the kernel:
 * on the JVM, {@link #currentTask} throws; the questions answer for the Java declaration (every
 * member exists, sizes are the Java ones).
 */
public final class Core {
    private Core() {
    }

    /** The current task as {@code type}, a {@code @KernelStruct("task_struct")} (or a flavor of it). */
    @Intrinsic(IntrinsicOp.CORE_CURRENT_TASK)
    public static <T> T currentTask(Class<T> type) {
        throw new IllegalStateException("the current task is kernel memory: Core.currentTask runs only in the kernel");
    }

    /**
     * The kernel memory at {@code address} viewed as {@code type}, a {@code @KernelStruct}, as C
     * casts a pointer ({@code (struct sockaddr_in *)uaddr}); its members are read with
     * {@code bpf_probe_read_kernel}, whatever the program type, since the verifier knows the
     * pointer by its declared type, if at all.
     */
    @Intrinsic(IntrinsicOp.CORE_VIEW)
    public static <T> T view(long address, Class<T> type) {
        throw new IllegalStateException("kernel memory: Core.view runs only in the kernel");
    }

    /** Whether the running kernel's struct has the member that {@code memberRead} names ({@code task.realParent}). */
    @Intrinsic(IntrinsicOp.CORE_FIELD_EXISTS)
    public static boolean fieldExists(Object memberRead) {
        return true;
    }

    /** The byte size of that member in the running kernel. */
    @Intrinsic(IntrinsicOp.CORE_FIELD_SIZE)
    public static int fieldSize(Object memberRead) {
        if (memberRead instanceof byte[] chars) return chars.length;
        if (memberRead instanceof Byte) return 1;
        if (memberRead instanceof Short || memberRead instanceof Character) return 2;
        if (memberRead instanceof Integer) return 4;
        return 8;
    }

    /** Whether the running kernel has the struct {@code kernelStruct} declares. */
    @Intrinsic(IntrinsicOp.CORE_TYPE_EXISTS)
    public static boolean typeExists(Class<?> kernelStruct) {
        return true;
    }

    /** The byte size of that struct in the running kernel. */
    @Intrinsic(IntrinsicOp.CORE_TYPE_SIZE)
    public static int typeSize(Class<?> kernelStruct) {
        throw new IllegalStateException("kernel struct sizes are known only in the kernel");
    }

    /** The value of {@code enumerator}, a constant of a {@code @KernelEnum}, in the running kernel (on the JVM: its ordinal). */
    @Intrinsic(IntrinsicOp.CORE_ENUM_VALUE)
    public static long enumValue(Enum<?> enumerator) {
        return enumerator.ordinal();
    }

    /** Whether the running kernel's enum has {@code enumerator}. */
    @Intrinsic(IntrinsicOp.CORE_ENUM_VALUE_EXISTS)
    public static boolean enumValueExists(Enum<?> enumerator) {
        return true;
    }

    /**
     * Copies the NUL-terminated string of a kernel {@code char[]} member ({@code task.comm}) into
     * {@code dst} with {@code bpf_probe_read_kernel_str}: at most {@code dst.length} bytes, always
     * terminated. Returns the bytes copied including the NUL, or a negative error.
     */
    @Intrinsic(IntrinsicOp.CORE_READ_STRING)
    public static int readString(byte[] dst, byte[] kernelChars) {
        int n = 0;
        while (n < dst.length - 1 && n < kernelChars.length && kernelChars[n] != 0) {
            dst[n] = kernelChars[n];
            n++;
        }
        dst[n] = 0;
        return n + 1;
    }

    /**
     * Copies the string a kernel {@code char *} member points to ({@code bprm.filename}, declared
     * as a {@code String}) into {@code dst} with {@code bpf_probe_read_kernel_str}, as the other
     * {@code readString}. On the JVM (where such a member holds a Java string) it copies its UTF-8 bytes.
     */
    @Intrinsic(IntrinsicOp.CORE_READ_STRING)
    public static int readString(byte[] dst, String kernelString) {
        return readString(dst, kernelString.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
