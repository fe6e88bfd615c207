package org.bpf4j.processor.model;

import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import org.bpf4j.annotation.ProgramType;

/**
 * A {@code @BpfProgram} method.
 *
 * @param method the static method
 * @param type its program type
 * @param section the ELF section (libbpf's naming, target included where it belongs)
 * @param name the program (ELF symbol) name
 * @param attachTarget where it attaches when known at compile time
 * @param license the license the program declares
 */
public record ProgramDecl(
        ExecutableElement method,
        ProgramType type,
        String section,
        String name,
        Optional<String> attachTarget,
        String license) {

    public String methodName() {
        return method.getSimpleName().toString();
    }
}
