/**
 * The public runtime API: open and load objects ({@link org.bpf4j.runtime.BpfObjectFile}, {@link
 * org.bpf4j.runtime.LoadedObject}), programs and their test runs, global data, and the {@link
 * org.bpf4j.runtime.BpfException} family every failure is reported with.
 */
package org.bpf4j.runtime;
