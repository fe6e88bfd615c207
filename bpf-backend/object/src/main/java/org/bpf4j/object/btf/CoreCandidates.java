package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A target BTF's named types by essential name (without {@code ___flavor}), so that CO-RE
 * candidate lookup is a map access instead of a scan of all types (vmlinux has ~150,000). The
 * index of the most recent target is kept: in practice that is the kernel's BTF, shared by
 * every object a process loads.
 */
final class CoreCandidates {
    private static CoreCandidates last;

    private final Btf target;
    private final Map<String, int[]> byEssentialName;

    private CoreCandidates(Btf target) {
        this.target = target;
        Map<String, List<Integer>> lists = new HashMap<>();
        for (int id = 1; id <= target.maxId(); id++) {
            String name = target.type(id).name();
            if (!name.isEmpty()) {
                lists.computeIfAbsent(CoreRelocator.essentialName(name), k -> new ArrayList<>()).add(id);
            }
        }
        byEssentialName = new HashMap<>(lists.size() * 2);
        lists.forEach((name, ids) -> byEssentialName.put(name, ids.stream().mapToInt(Integer::intValue).toArray()));
    }

    static synchronized CoreCandidates of(Btf target) {
        if (last == null || last.target != target) {
            last = new CoreCandidates(target);
        }
        return last;
    }

    /** Ids of the target's types whose essential name is {@code essentialName}, in id order. */
    int[] named(String essentialName) {
        int[] ids = byEssentialName.get(essentialName);
        return ids == null ? new int[0] : ids;
    }
}
