package org.bpf4j.junit.programs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test against program classes on the JVM: before every test, each {@code @BpfMap}
 * field of {@link #value()} holds a new, empty map in JVM memory, and every other static field
 * (the globals) holds the value it had before the first test. A test then calls the program
 * methods with a context ({@code XdpContext.of(packet)}, …) and reads the maps; it needs no root
 * and no kernel.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ProgramsOnJvmExtension.class)
public @interface ProgramsOnJvm {
    /** The classes whose {@code @BpfProgram} methods the tests call. */
    Class<?>[] value();
}
