package org.bpf4j.lang;

/** IP protocol numbers ({@code IPPROTO_*}) for {@link Ipv4Hdr#protocol} and {@link Ipv6Hdr#nexthdr}. */
public final class IpProto {
    /** ICMP. */
    public static final int ICMP = 1;
    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** IPv6 hop-by-hop options (IPv6 extension header). */
    public static final int HOPOPTS = 0;
    /** IPv6 routing header. */
    public static final int ROUTING = 43;
    /** IPv6 fragment header. */
    public static final int FRAGMENT = 44;
    /** GRE. */
    public static final int GRE = 47;
    /** ICMPv6. */
    public static final int ICMPV6 = 58;
    /** SCTP. */
    public static final int SCTP = 132;

    private IpProto() {
    }
}
