package org.bpf4j.processor.lower;

import java.lang.reflect.Method;
import org.bpf4j.annotation.Helper;
import org.bpf4j.lang.Bpf;

/**
 * The helper numbers ({@code BPF_FUNC_*}) of the operations that map, ring buffer and tail call
 * methods stand for, read from {@code @Helper} on the {@link Bpf} method of the same helper.
 */
final class HelperIds {
    static final int MAP_LOOKUP_ELEM = of("mapLookupElem");
    static final int MAP_UPDATE_ELEM = of("mapUpdateElem");
    static final int MAP_DELETE_ELEM = of("mapDeleteElem");
    static final int TAIL_CALL = of("tailCall");
    static final int PERF_EVENT_OUTPUT = of("perfEventOutput");
    static final int RINGBUF_OUTPUT = of("ringbufOutput");
    static final int RINGBUF_RESERVE = of("ringbufReserve");
    static final int RINGBUF_SUBMIT = of("ringbufSubmit");
    static final int RINGBUF_DISCARD = of("ringbufDiscard");
    static final int GET_ATTACH_COOKIE = of("getAttachCookie");
    static final int GET_CURRENT_TASK = of("getCurrentTask");
    static final int GET_CURRENT_TASK_BTF = of("getCurrentTaskBtf");
    static final int PROBE_READ_KERNEL = of("probeReadKernel");
    static final int PROBE_READ_KERNEL_STR = of("probeReadKernelStr");
    static final int PROBE_READ_USER = of("probeReadUser");

    private HelperIds() {}

    private static int of(String bpfMethod) {
        for (Method m : Bpf.class.getMethods()) {
            Helper helper = m.getAnnotation(Helper.class);
            if (m.getName().equals(bpfMethod) && helper != null) {
                return helper.id();
            }
        }
        throw new IllegalStateException("Bpf has no @Helper method " + bpfMethod);
    }
}
