package org.bpf4j.object.elf;

/**
 * An ELF file (or the libbpf-style object inside it) is malformed or uses a feature this reader
 * does not support. The message names what is wrong and where (section, byte offset).
 */
public class ElfFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }

    public ElfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
