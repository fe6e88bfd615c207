package org.bpf4j.object.btf;

import java.nio.file.Path;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;

/** Runs {@code bpftool} (libbpf's BTF parser and sanity checks) as an independent reader. */
final class BpftoolTool {
    private BpftoolTool() {
    }

    /** {@code bpftool btf dump file <file> format raw}. */
    static String dumpRaw(Path file) {
        return ExternalProcess.stdoutOf(Prerequisites.requireTool("bpftool").toString(), "btf", "dump", "file",
                file.toString(), "format", "raw");
    }
}
