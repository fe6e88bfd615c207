package org.bpf4j.lang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracepoint's record layout as tracefs describes it
 * ({@code /sys/kernel/tracing/events/<category>/<name>/format}), for Java code: to write the
 * {@code @BpfStruct} that {@link TracepointContext#record} reads, and to {@link #check} one.
 *
 * @param category the event's subsystem, e.g. {@code sched}
 * @param name the event, e.g. {@code sched_process_exec}
 * @param id the event id ({@code common_type} of its records)
 * @param fields the record's fields in offset order, common fields included
 */
public record TracepointFormat(String category, String name, int id, List<Field> fields) {
    private static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"),
            Path.of("/sys/kernel/debug/tracing"));
    private static final Pattern FIELD = Pattern.compile(
            "field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");
    private static final Pattern FIELD_NAME = Pattern.compile("(\\w+)\\s*(\\[\\d*\\])?$");
    private static final Pattern ID = Pattern.compile("^ID:\\s*(\\d+)", Pattern.MULTILINE);

    /**
     * One field of the record.
     *
     * @param name the C name, e.g. {@code prev_comm}
     * @param declaration the C declaration, e.g. {@code char prev_comm[16]}
     * @param offset byte offset in the record
     * @param size size in bytes
     * @param signed whether the kernel declares it signed
     */
    public record Field(String name, String declaration, int offset, int size, boolean signed) {
        /** Whether this is a {@code __data_loc} field: a u32 of {@code length << 16 | offset}. */
        public boolean dynamic() {
            return declaration.startsWith("__data_loc");
        }
    }

    /**
     * Reads the format of {@code category/name} from tracefs.
     *
     * @throws IllegalArgumentException when tracefs is not mounted or has no such event
     */
    public static TracepointFormat read(String category, String name) {
        return find(category, name).orElseThrow(() -> new IllegalArgumentException("no tracepoint " + category + "/"
                + name + " under " + TRACEFS + " (is tracefs mounted? mount -t tracefs nodev /sys/kernel/tracing)"));
    }

    /**
     * The format of {@code category/name} when tracefs is mounted, readable and has the event;
     * empty otherwise (no root, no tracefs, an event of a module not loaded).
     */
    public static Optional<TracepointFormat> find(String category, String name) {
        for (Path root : TRACEFS) {
            Path format = root.resolve("events").resolve(category).resolve(name).resolve("format");
            if (Files.isReadable(format)) {
                try {
                    return Optional.of(parse(category, name, Files.readString(format)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + format, e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses the text of a format file.
     *
     * @throws IllegalArgumentException when it has no fields or no id
     */
    public static TracepointFormat parse(String category, String name, String text) {
        Matcher id = ID.matcher(text);
        if (!id.find()) {
            throw new IllegalArgumentException("tracepoint format of " + category + "/" + name + " has no ID line");
        }
        List<Field> fields = new ArrayList<>();
        Matcher field = FIELD.matcher(text);
        while (field.find()) {
            String declaration = field.group(1).trim();
            Matcher fieldName = FIELD_NAME.matcher(declaration);
            if (!fieldName.find()) {
                throw new IllegalArgumentException("cannot name the field '" + declaration + "' of " + category + "/"
                        + name);
            }
            fields.add(new Field(fieldName.group(1), declaration, Integer.parseInt(field.group(2)),
                    Integer.parseInt(field.group(3)), field.group(4).equals("1")));
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("tracepoint format of " + category + "/" + name + " has no fields");
        }
        return new TracepointFormat(category, name, Integer.parseInt(id.group(1)), List.copyOf(fields));
    }

    /** The field named {@code name}. */
    public Field field(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException(category + "/" + this.name + " has no field " + name);
    }

    /**
     * Checks a record struct against this format: each of its fields must agree with
     * {@link #mismatch}.
     *
     * @throws IllegalArgumentException listing every mismatch
     */
    public void check(Class<?> recordType) {
        List<String> problems = new ArrayList<>();
        for (StructLayout.Member member : StructLayout.of(recordType).members()) {
            mismatch(member.field().getName(), member.offset(), member.size()).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(recordType.getName() + " does not match " + category + "/" + name
                    + ": " + String.join("; ", problems));
        }
    }

    /**
     * How a record struct's member disagrees with this format, or empty when it agrees. A member
     * named in camelCase after the C field ({@code prevComm} for {@code prev_comm}) must have the C
     * field's offset and size; members within the common bytes (before
     * {@link TracepointContext#FIRST_READABLE_OFFSET}) may be named freely, as padding. The
     * processor asks the same of each member at compile time when the build machine's tracefs is
     * readable.
     */
    public Optional<String> mismatch(String javaName, int offset, int size) {
        String cName = javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        Field field = fields.stream().filter(f -> f.name().equals(cName)).findFirst().orElse(null);
        if (field == null) {
            return offset + size > TracepointContext.FIRST_READABLE_OFFSET
                    ? Optional.of(javaName + ": " + category + "/" + name + " has no field " + cName)
                    : Optional.empty();
        }
        if (field.offset() == offset && field.size() == size) {
            return Optional.empty();
        }
        return Optional.of(javaName + " is at " + offset + " (" + size + " bytes) but " + cName + " is at "
                + field.offset() + " (" + field.size() + " bytes)");
    }
}
