/**
 * Sample: the README's XDP firewall: drops packets from blocked IPv4 sources and reports each drop.
 */
package org.bpf4j.samples.firewall;
