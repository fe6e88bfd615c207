/**
 * The system-call layer: JNA mappings of {@code bpf(2)}, {@code perf_event_open}, {@code mmap},
 * {@code epoll} and sockets; {@code bpf_attr} layouts; file descriptors; errno turned into
 * exceptions.
 */
package org.bpf4j.runtime.sys;
