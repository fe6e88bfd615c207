/**
 * Kernel maps: creation, element and batch operations on raw bytes ({@link
 * org.bpf4j.runtime.map.KernelMap}), and the binding that backs the {@code org.bpf4j.lang} map
 * classes with them.
 */
package org.bpf4j.runtime.map;
