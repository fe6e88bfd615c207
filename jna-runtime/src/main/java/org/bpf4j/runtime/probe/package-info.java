/**
 * Cached feature probes: what the running kernel supports (program and map types, helpers,
 * attach kinds), each found by trying it once, never by the version number.
 */
package org.bpf4j.runtime.probe;
