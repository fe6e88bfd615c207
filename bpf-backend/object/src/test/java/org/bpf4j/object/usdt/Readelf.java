package org.bpf4j.object.usdt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;

/** binutils' {@code readelf -n}, an independent reader of USDT notes. */
final class Readelf {
    /** One NT_STAPSDT note as readelf prints it; the argument string is "" when it prints none. */
    record Note(String provider, String name, long location, long semaphore, String arguments) {}

    private static final Pattern LOCATION = Pattern.compile(
            "Location: 0x(\\p{XDigit}+), Base: 0x\\p{XDigit}+, Semaphore: 0x(\\p{XDigit}+)");

    private Readelf() {}

    static List<Note> stapsdtNotes(Path binary) {
        String out = ExternalProcess.run(ExternalProcess.DEFAULT_TIMEOUT,
                Prerequisites.requireTool("readelf").toString(), "-n", binary.toString()).orFail().stdout();
        List<Note> notes = new ArrayList<>();
        List<String> lines = out.lines().map(String::strip).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("Provider: ")) continue;
            String provider = lines.get(i).substring("Provider: ".length());
            String name = lines.get(i + 1).substring("Name: ".length());
            Matcher m = LOCATION.matcher(lines.get(i + 2));
            if (!m.matches()) throw new AssertionError("unexpected readelf line: " + lines.get(i + 2));
            String args = i + 3 < lines.size() && lines.get(i + 3).startsWith("Arguments:")
                    ? lines.get(i + 3).substring("Arguments:".length()).strip() : "";
            notes.add(new Note(provider, name, Long.parseUnsignedLong(m.group(1), 16),
                    Long.parseUnsignedLong(m.group(2), 16), args));
        }
        return notes;
    }

}
