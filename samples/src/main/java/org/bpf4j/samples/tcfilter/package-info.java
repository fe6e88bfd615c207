/**
 * Sample: a tc (tcx) program that filters packets by port.
 */
package org.bpf4j.samples.tcfilter;
