package org.bpf4j.runtime.load;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.backend.btf.Btf;
import org.bpf4j.backend.btf.BtfBuilder;
import org.bpf4j.backend.btf.BtfType;
import org.bpf4j.backend.elf.BpfObject;
import org.bpf4j.backend.elf.DataSection;
import org.bpf4j.backend.elf.DataVariable;

/**
 * Completes an object's BTF the way libbpf does before BTF_LOAD: compilers leave DATASEC sizes
 * (and sometimes variable offsets) at zero because only the ELF symbol table knows them; the
 * kernel rejects a DATASEC of size 0.
 */
final class BtfSanitizer {
    private BtfSanitizer() {}

    static Btf sanitize(Btf btf, BpfObject object) {
        BtfBuilder b = BtfBuilder.from(btf);
        for (int id = 1; id <= btf.maxId(); id++) {
            if (!(btf.type(id) instanceof BtfType.Datasec ds)) continue;
            DataSection section = object.dataSection(ds.name()).orElse(null);
            List<BtfType.VarSecInfo> vars = new ArrayList<>();
            int end = 0;
            for (BtfType.VarSecInfo v : ds.vars()) {
                int offset = v.offset();
                if (section != null) {
                    String varName = btf.type(v.type()).name();
                    for (DataVariable dv : section.variables()) {
                        if (dv.name().equals(varName)) offset = dv.offset();
                    }
                }
                vars.add(new BtfType.VarSecInfo(v.type(), offset, v.size()));
                end = Math.max(end, offset + v.size());
            }
            int size = Math.max(end, section == null ? ds.size() : section.size());
            if (size != ds.size() || !vars.equals(ds.vars())) b.patchDatasec(id, size, vars);
        }
        return b.build();
    }
}
