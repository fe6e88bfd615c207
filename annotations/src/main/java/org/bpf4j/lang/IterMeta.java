package org.bpf4j.lang;

import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;

/**
 * {@code struct bpf_iter_meta}, the first parameter of every iterator program: the output file
 * to write to with {@code Bpf.seqPrintf}/{@code Bpf.seqWrite}, and which object of this pass the
 * call is about ({@code seqNum} 0 for the first, to print a header).
 */
@KernelStruct("bpf_iter_meta")
public final class IterMeta {
    public SeqFile seq;
    @CName("session_id") public long sessionId;
    @CName("seq_num") public long seqNum;
}
