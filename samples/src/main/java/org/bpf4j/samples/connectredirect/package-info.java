/**
 * Sample: a cgroup {@code connect4} program that redirects connections to one port to another.
 */
package org.bpf4j.samples.connectredirect;
