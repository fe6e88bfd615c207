/**
 * Java ports of the reference C programs, written as a Java developer would, compared with
 * clang's objects on size, verifier work and behaviour.
 */
package org.bpf4j.bench.ports;
