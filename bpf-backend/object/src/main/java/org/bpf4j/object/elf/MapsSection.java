package org.bpf4j.object.elf;

import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfType;

/** Where the {@code values} array of a BTF map definition lies, for the slots in {@code .rel.maps}. */
final class MapsSection {
    static final int POINTER_SIZE = 8;

    private MapsSection() {}

    /** Byte offset of the {@code values} member inside the definition struct of map variable {@code varId}. */
    static int valuesOffset(Btf btf, int varId, String map) {
        BtfType struct = btf.type(btf.skipModifiers(btf.type(varId, BtfType.Var.class).type()));
        if (struct instanceof BtfType.Struct s) {
            for (BtfType.Member m : s.members()) {
                if (m.name().equals("values")) return m.bitOffset() / 8;
            }
        }
        throw new IllegalArgumentException("map '" + map + "' has initial slots but its BTF definition has no 'values' member");
    }
}
