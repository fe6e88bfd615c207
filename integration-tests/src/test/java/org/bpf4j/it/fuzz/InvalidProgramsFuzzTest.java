package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Valid programs mutated into unsupported ones ({@link InvalidMutations}): the processor must
 * answer each with an ERROR diagnostic of its own (not javac's) whose position lies inside that
 * program (its method or the helpers it calls), never with an internal error, an exception or a
 * hang. Many programs share a class: the processor checks each method on its own.
 */
class InvalidProgramsFuzzTest {
    private static final int CI_COUNT = 500;
    private static final int BATCH = 100;
    private static final Duration PER_BATCH = Duration.ofMinutes(2);
    private static final String PROCESSOR_ERROR = "compiler.err.proc.messager";

    @Test
    void everyUnsupportedConstructIsAnErrorInsideItsMethod() {
        int count = FuzzSettings.count(CI_COUNT);
        long seed = FuzzSettings.seed();
        ProgramGenerator generator = new ProgramGenerator();
        InProcessCompiler compiler = new InProcessCompiler();
        Random random = new Random(seed);
        List<String> problems = new ArrayList<>();
        Set<String> mutationsSeen = new HashSet<>();
        for (int from = 0; from < count; from += BATCH) {
            List<Program> programs = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                InvalidMutations.Mutation m = InvalidMutations.ALL.get(i % InvalidMutations.ALL.size());
                mutationsSeen.add(m.name());
                programs.add(InvalidMutations.apply(generator.generate(FuzzSettings.programSeed(seed, i)), m, random));
            }
            Batch batch = new Batch("Invalid" + from, programs);
            InProcessCompiler.Result result = assertTimeoutPreemptively(PER_BATCH,
                    () -> compiler.compile(Map.of(batch.className, batch.source)), "javac with the processor hung");
            try {
                problems.addAll(check(batch, result));
            } finally {
                result.delete();
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems (run seed " + seed + "):\n" + String.join("\n", problems));
        assertEquals(Math.min(count, InvalidMutations.ALL.size()), mutationsSeen.size(), "every mutation was tried");
    }

    private static List<String> check(Batch batch, InProcessCompiler.Result result) {
        List<String> problems = new ArrayList<>();
        boolean[] answered = new boolean[batch.programs.size()];
        for (Diagnostic<? extends JavaFileObject> d : result.diagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            int index = batch.programAt(d.getLineNumber());
            String message = d.getMessage(null);
            if (index < 0) {
                problems.add("error outside every method, line " + d.getLineNumber() + ": " + message);
            } else if (!PROCESSOR_ERROR.equals(d.getCode())) {
                problems.add("javac itself refused " + batch.programs.get(index).origin() + " (a generator bug): " + message
                        + "\n" + batch.listing(index));
            } else if (message.contains("internal")) {
                problems.add("internal error for " + batch.programs.get(index).origin() + ": " + message + "\n"
                        + batch.listing(index));
            } else {
                answered[index] = true;
            }
        }
        for (int i = 0; i < answered.length; i++) {
            if (!answered[i]) {
                problems.add("no error for " + batch.programs.get(i).origin() + "\n" + batch.listing(i));
            }
        }
        if (result.success()) {
            problems.add("class " + batch.className + " compiled although every program in it is invalid");
        }
        return problems;
    }
}
