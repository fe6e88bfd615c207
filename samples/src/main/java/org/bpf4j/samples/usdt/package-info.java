/**
 * Sample: {@link org.bpf4j.samples.usdt.UsdtTraceTool}, which prints the arguments of every firing
 * of any binary's USDT probe, given as {@code binary:provider:name}.
 */
package org.bpf4j.samples.usdt;
