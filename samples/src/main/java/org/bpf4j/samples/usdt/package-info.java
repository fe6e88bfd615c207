/**
 * Sample: {@link org.bpf4j.samples.usdt.UsdtTraceTool}, which prints the arguments of every firing
 * of any binary's USDT probe, given as {@code binary:provider:name}; and
 * {@link org.bpf4j.samples.usdt.RecordTool}, what every ring-buffer tool of the samples shares
 * (the JVM tools of {@code org.bpf4j.samples.jvm} too).
 */
package org.bpf4j.samples.usdt;
