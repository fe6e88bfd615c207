/**
 * Packets for tests: {@link org.bpf4j.runtime.packet.PacketBuilder} builds Ethernet, VLAN, IPv4/6,
 * TCP, UDP and ICMP frames with correct checksums.
 */
package org.bpf4j.runtime.packet;
