package org.bpf4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (class or method) that needs the real kernel: root and a working {@code bpf(2)}.
 * Where BPF is unavailable the test is skipped with the reason, unless
 * {@code BPF4J_REQUIRE_KERNEL=1}, in which case it fails instead (CI sets it), as every
 * {@link Prerequisites prerequisite} does. Tagged {@value #TAG}: CI's second kernel (.ci/vm) runs
 * the tests with that tag.
 */
@Documented
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelCondition.class)
@Tag(KernelTest.TAG)
public @interface KernelTest {
    /** The JUnit tag of kernel tests. */
    String TAG = "kernel";
}
