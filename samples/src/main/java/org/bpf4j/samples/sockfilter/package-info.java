/**
 * Sample: a socket filter that keeps only some packets on a socket.
 */
package org.bpf4j.samples.sockfilter;
