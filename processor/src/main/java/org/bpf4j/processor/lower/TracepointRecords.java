package org.bpf4j.processor.lower;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.TracepointFormat;
import org.bpf4j.processor.lower.source.CompileError;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.ProgramDecl;
import org.bpf4j.processor.model.StructModel;

/**
 * The record structs of tracepoint programs checked against the build machine's tracefs when
 * it can read the event's format: a member at another offset or of another size than the
 * format says is a javac error at the member, rather than wrong values at run time. Without a
 * readable format (no root, no tracefs, the event of a module not loaded) nothing is checked
 * here; {@link TracepointFormat#check} does it at run time. A struct of a compilation unit that
 * javac has already finished has no tree left: its mismatch is reported at the
 * {@code record(...)} call instead, still naming the member.
 */
final class TracepointRecords {
    /** Formats by "category/name", read once per JVM: tracefs describes the running kernel. */
    private static final Map<String, Optional<TracepointFormat>> FORMATS = new ConcurrentHashMap<>();

    private TracepointRecords() {}

    /** Checks {@code record}, read by {@code use} in {@code program}; throws at the first member that disagrees. */
    static void check(StructModel record, ProgramDecl program, Tree use, Trees trees) {
        Optional<String> event = event(program);
        if (event.isEmpty()) return;
        Optional<TracepointFormat> format = FORMATS.computeIfAbsent(event.get(), TracepointRecords::read);
        if (format.isEmpty()) return;
        for (FieldLayout member : record.fields()) {
            Optional<String> mismatch = format.get().mismatch(member.name(), member.offset(), member.size());
            if (mismatch.isPresent()) {
                String message = "member '" + member.name() + "' of " + record.cName() + " disagrees with the format of "
                        + "tracepoint " + event.get() + " on this machine: " + mismatch.get() + "; the record struct "
                        + "must mirror events/" + event.get() + "/format in tracefs, field by field";
                TreePath at = trees.getPath(member.field());
                throw at == null ? new CompileError(use, message) : new CompileError(at, message);
            }
        }
    }

    /** "category/name" of a tracepoint program's section ({@code tracepoint/...} or {@code tp/...}). */
    private static Optional<String> event(ProgramDecl program) {
        if (program.type() != ProgramType.TRACEPOINT) return Optional.empty();
        String section = program.section();
        int slash = section.indexOf('/');
        if (slash < 0) return Optional.empty();
        String event = section.substring(slash + 1);
        return event.indexOf('/') > 0 ? Optional.of(event) : Optional.empty();
    }

    private static Optional<TracepointFormat> read(String event) {
        int slash = event.indexOf('/');
        try {
            return TracepointFormat.find(event.substring(0, slash), event.substring(slash + 1));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();         // unreadable or unparsable: left to the run-time check
        }
    }
}
