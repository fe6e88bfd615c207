package org.bpf4j.object.btf;

import java.util.NoSuchElementException;

/**
 * Resolves field paths such as {@code "sk_buff.len"} or {@code "task_struct.se.vruntime"} to
 * offsets: the first component names a struct, union or typedef of one; each following component
 * names a member, searched through anonymous nested structs and unions the way C name lookup does.
 * Typedefs, const, volatile and type tags are looked through at every step.
 */
public final class FieldPaths {
    private FieldPaths() {
    }

    /** Resolves {@code path}; fails with {@link NoSuchElementException} naming the missing part. */
    public static FieldLocation resolve(Btf btf, String path) {
        String[] parts = path.split("\\.", -1);
        if (parts.length < 2 || java.util.Arrays.asList(parts).contains("")) {
            throw new IllegalArgumentException("field path '" + path + "' must be type.member[.member...]");
        }
        int current = compositeNamed(btf, parts[0]);
        long bitOffset = 0;
        BtfType.Member member = null;
        for (int i = 1; i < parts.length; i++) {
            if (member != null) {
                current = btf.skipModifiers(member.type());
                if (current == 0 || !(btf.type(current) instanceof BtfType.Composite)) {
                    throw new NoSuchElementException("'" + parts[i - 1] + "' in '" + path
                            + "' is not a struct or union, so it has no member '" + parts[i] + "'");
                }
            }
            Found found = find(btf, (BtfType.Composite) btf.type(current), parts[i]);
            if (found == null) {
                throw new NoSuchElementException("no member '" + parts[i] + "' in " + describe(btf, current)
                        + " (path '" + path + "')");
            }
            member = found.member;
            bitOffset += found.bitOffset;
        }
        int type = member.type();
        if (member.bitfieldSize() != 0) {
            return new FieldLocation(path, type, bitOffset, member.bitfieldSize(), true);
        }
        int resolved = btf.skipModifiers(type);
        BtfType t = resolved == 0 ? null : btf.type(resolved);
        if (t instanceof BtfType.Int) {
            BtfType.Int i = (BtfType.Int) t;
            if (i.bitOffset() != 0 || i.bits() != i.size() * 8) {
                // Pre-kind_flag bitfield encoding: the width lives in the INT type.
                return new FieldLocation(path, type, bitOffset + i.bitOffset(), i.bits(), true);
            }
        }
        return new FieldLocation(path, type, bitOffset, (int) (btf.sizeOf(type) * 8), false);
    }

    private static final class Found {
        final BtfType.Member member;
        final long bitOffset;

        Found(BtfType.Member member, long bitOffset) {
            this.member = member;
            this.bitOffset = bitOffset;
        }
    }

    /**
     * Depth-first through anonymous members, as C resolves {@code s.x} for a member of an unnamed
     * union. Terminates because no {@link Btf} has a struct containing itself by value.
     */
    private static Found find(Btf btf, BtfType.Composite c, String name) {
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return new Found(m, m.bitOffset());
            }
            if (m.name().isEmpty()) {
                int inner = btf.skipModifiers(m.type());
                if (inner != 0 && btf.type(inner) instanceof BtfType.Composite) {
                    Found nested = find(btf, (BtfType.Composite) btf.type(inner), name);
                    if (nested != null) {
                        return new Found(nested.member, m.bitOffset() + nested.bitOffset);
                    }
                }
            }
        }
        return null;
    }

    private static int compositeNamed(Btf btf, String name) {
        for (int id : btf.findIds(name)) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Composite) {
                return id;
            }
            if (t instanceof BtfType.Typedef) {
                int target = btf.skipModifiers(id);
                if (target != 0 && btf.type(target) instanceof BtfType.Composite) {
                    return target;
                }
            }
        }
        throw new NoSuchElementException("no struct, union or typedef of one named '" + name + "'");
    }

    private static String describe(Btf btf, int id) {
        BtfType t = btf.type(id);
        return t.kind().toString().toLowerCase(java.util.Locale.ROOT) + " '"
                + (t.name().isEmpty() ? "(anon)" : t.name()) + "'";
    }
}
