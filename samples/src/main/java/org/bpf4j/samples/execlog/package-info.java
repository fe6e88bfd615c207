/**
 * Sample: a tracepoint program that reports every {@code exec} through a ring buffer.
 */
package org.bpf4j.samples.execlog;
