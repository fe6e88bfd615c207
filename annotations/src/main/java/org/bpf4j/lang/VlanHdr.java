package org.bpf4j.lang;

import org.bpf4j.annotation.BitField;
import org.bpf4j.annotation.BpfStruct;

/**
 * 802.1Q tag after the Ethernet addresses ({@code struct vlan_hdr}, 4 bytes), found when
 * {@code eth.proto} is {@link EthHdr#P_8021Q} or {@link EthHdr#P_8021AD}; it starts at
 * {@code EthHdr.SIZE}, and the real EtherType follows in {@link #encapsulatedProto}. Fields
 * read as host values.
 */
@BpfStruct(networkOrder = true)
public final class VlanHdr {
    /** Header length. */
    public static final int SIZE = 4;

    /** {@code h_vlan_TCI}: priority (3 bits), drop eligible (1), VLAN id (12). */
    public char tci;
    /** {@code h_vlan_encapsulated_proto}: the EtherType of what follows. */
    public char encapsulatedProto;

    /** The 12-bit VLAN id. */
    @BitField(field = "tci", width = 12)
    public int vlanId() {
        return tci & 0x0FFF;
    }

    /** The 3-bit priority code point. */
    @BitField(field = "tci", shift = 13, width = 3)
    public int priority() {
        return tci >>> 13;
    }
}
