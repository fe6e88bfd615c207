/**
 * What BPF code is written against: contexts, maps, helpers, packet headers and return codes.
 *
 * <h2>The language</h2>
 * A {@code @BpfProgram} method is ordinary Java, compiled to eBPF at {@code javac} time, and
 * <em>Java semantics are its specification</em>: {@code int} arithmetic wraps at 32 bits and
 * {@code long} at 64, {@code >>} is arithmetic and {@code >>>} logical, {@code byte} and
 * {@code short} sign-extend while {@code char} is unsigned; {@code Integer.compareUnsigned},
 * {@code Integer.divideUnsigned}, {@code Byte.toUnsignedInt}, {@code Integer.reverseBytes} and
 * friends from the JDK are intrinsics. The documented exceptions are those of the platform:
 * helpers do what the kernel does, and integer division by zero yields 0 instead of throwing.
 *
 * <p>In BPF code you may use: locals of primitive types, {@code @BpfStruct} objects and fixed
 * arrays (on the 512-byte stack); static fields that are maps, {@code @BpfConfig} or globals;
 * the context parameter's {@code @CtxField} members and {@code @Intrinsic} methods; the
 * {@code @Intrinsic} methods of map fields; the static methods of {@link org.bpf4j.lang.Bpf}
 * (helpers); the bit accessors of the headers ({@link org.bpf4j.lang.Ipv4Hdr#ihl()}, described
 * by {@link org.bpf4j.annotation.BitField}); static methods of the same source file and methods
 * of its {@code @BpfStruct} classes (inlined); bounded loops. Not allowed, each with a compile-time error saying why: allocation of other
 * objects, strings (except helper format arguments), exceptions, virtual calls, recursion,
 * unbounded loops, a map value used before its {@code null} check.
 *
 * <h2>Byte order</h2>
 * Multi-byte packet header fields ({@code @BpfStruct(networkOrder = true)}) and network-order
 * context members ({@code CtxField.Order.NET16/NET32}) read and write as <em>host values</em>:
 * the compiler swaps bytes on access and folds the swap into constants, so
 * {@code eth.proto == EthHdr.P_IPV4} and {@code ip.daddr == Ipv4.parse("10.0.0.1")} hold as
 * written. u16 fields are {@code char}, u32 {@code int}, u8 {@code byte}.
 *
 * <h2>Maps on both sides</h2>
 * The same map class serves BPF code and Java: {@link org.bpf4j.lang.BpfHashMap},
 * {@link org.bpf4j.lang.BpfLruHashMap}, {@link org.bpf4j.lang.BpfPerCpuHashMap},
 * {@link org.bpf4j.lang.BpfLruPerCpuHashMap}, {@link org.bpf4j.lang.BpfLpmTrieMap},
 * {@link org.bpf4j.lang.BpfArrayMap}, {@link org.bpf4j.lang.BpfPerCpuArrayMap},
 * {@link org.bpf4j.lang.BpfRingBuffer}, {@link org.bpf4j.lang.BpfPerfEventArray},
 * {@link org.bpf4j.lang.BpfProgArray}. A generated skeleton backs them with kernel maps through
 * {@link org.bpf4j.lang.spi}; constructed directly they live in JVM memory and follow the
 * kernel's semantics (full maps, update flags, LRU eviction, per-CPU slots, ring-buffer
 * capacity), so a program can run on the JVM as the oracle of what the kernel must do:
 * {@link org.bpf4j.lang.JvmPrograms#initMaps} gives every map field a JVM map,
 * {@link org.bpf4j.lang.JvmPrograms#run} runs a program on a context built over bytes
 * ({@link org.bpf4j.lang.XdpContext#of(byte[])}, {@link org.bpf4j.lang.SkBuffContext#of(byte[])},
 * ...), and {@link org.bpf4j.lang.JvmCpu} picks the CPU per-CPU maps see.
 */
package org.bpf4j.lang;
