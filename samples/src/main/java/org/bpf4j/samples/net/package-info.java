/**
 * Test networks for the samples' demos: a network namespace joined to the host by a veth pair.
 */
package org.bpf4j.samples.net;
