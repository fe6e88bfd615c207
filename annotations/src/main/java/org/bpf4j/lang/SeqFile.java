package org.bpf4j.lang;

import org.bpf4j.annotation.KernelStruct;

/** {@code struct seq_file}, an iterator's output; programs only pass it to {@code Bpf.seqPrintf}/{@code Bpf.seqWrite}. */
@KernelStruct("seq_file")
public final class SeqFile {
}
