/**
 * Readers of the kernel's ring buffers and perf buffers: memory-mapped consumers polled through
 * epoll, handing each record to a callback.
 */
package org.bpf4j.runtime.ringbuf;
