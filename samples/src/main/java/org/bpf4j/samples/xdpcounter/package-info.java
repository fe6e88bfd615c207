/**
 * Sample: the demo's XDP program, counting packets per IP protocol.
 */
package org.bpf4j.samples.xdpcounter;
