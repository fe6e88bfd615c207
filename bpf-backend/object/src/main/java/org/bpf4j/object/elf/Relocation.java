package org.bpf4j.object.elf;

/**
 * A reference from an instruction to a symbol that the object writer turns into an ELF
 * relocation and the loader resolves.
 *
 * @param byteOffset offset of the referring instruction in the code
 * @param symbol     map, global data section or variable, or function name
 * @param kind       what the instruction does with the symbol
 */
public record Relocation(int byteOffset, String symbol, Kind kind) {

    public enum Kind {
        /** LD_IMM64 with source 1 (map fd): loads a map pointer. */
        MAP,
        /**
         * LD_IMM64 with source 2 (map value): the address of global data. As clang emits it, the
         * first immediate holds the byte offset from the symbol, which the loader adds when it
         * puts the map fd there.
         */
        MAP_VALUE,
        /** CALL with source 1: BPF-to-BPF call of the function; imm is -1 as clang emits it. */
        CALL,
        /** LD_IMM64 with source 4 (func): the address of a function, for callbacks. */
        FUNC_ADDR
    }

    public Relocation {
        if (byteOffset < 0 || byteOffset % 8 != 0) {
            throw new IllegalArgumentException("relocation byte offset " + byteOffset + " is not an instruction boundary");
        }
        if (symbol == null || symbol.isEmpty()) {
            throw new IllegalArgumentException("relocation needs a symbol name");
        }
        if (kind == null) {
            throw new IllegalArgumentException("relocation needs a kind");
        }
    }

    /** Index of the referring instruction slot. */
    public int slot() {
        return byteOffset / 8;
    }
}
