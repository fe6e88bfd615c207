package org.bpf4j.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** bpf4j-bom lists exactly the published modules, at the build's version. */
class BomTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");

    @Test
    void listsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        String parent = Files.readString(REPOSITORY.resolve("pom.xml"));
        Set<String> published = new TreeSet<>();
        for (String module : all(MODULE, parent)) {
            String pom = Files.readString(REPOSITORY.resolve(module).resolve("pom.xml"));
            boolean unpublished = pom.contains("<bpf4j.unpublished>true</bpf4j.unpublished>") || module.equals("bom");
            if (!unpublished) published.add(ownArtifact(pom));
        }
        String bom = Files.readString(REPOSITORY.resolve("bom/pom.xml"));
        String dependencies = bom.substring(bom.indexOf("<dependencyManagement>"));

        assertEquals(published, new TreeSet<>(all(ARTIFACT, dependencies)));
        assertEquals(firstVersion(parent), firstVersion(bom));
    }

    /** The module's own artifactId: the first one after its parent element. */
    private static String ownArtifact(String pom) {
        Matcher m = ARTIFACT.matcher(pom.substring(pom.indexOf("</parent>")));
        m.find();
        return m.group(1);
    }

    private static String firstVersion(String pom) {
        String withoutParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher m = VERSION.matcher(withoutParent);
        m.find();
        return m.group(1);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(m.group(1));
        return found;
    }
}
