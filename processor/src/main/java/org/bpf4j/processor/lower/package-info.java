/**
 * The compiler front end: typed Java trees (javac's ANALYZE stage, public {@code com.sun.source}
 * API) to the backend IR, with the checks of the Java subset BPF can run.
 *
 * <p>{@link org.bpf4j.processor.lower.ClassCompiler} is the entry point: for every
 * {@code @BpfProgram} of a class, the checks of {@code lower.check} report what BPF cannot run,
 * then {@code Lowering} builds an SSA function. This package holds the lowerers, which share the
 * state of one function through {@code Lowering}'s accessors ({@code flow()}, {@code builder()},
 * {@code expressions()}, ...): {@code Statements}, {@code Expressions}, {@code Conditions},
 * {@code Places}, {@code Memory}, {@code Calls} with the intrinsics ({@code LangIntrinsics},
 * {@code AtomicAccess}, {@code JdkIntrinsics}), {@code BytecodeInliner} and {@code Subprograms}. Below them, using
 * nothing of them (an architecture test holds this):
 * <ul>
 *   <li>{@code lower.source}: what javac tells (typed trees, constants, symbols of
 *       {@code org.bpf4j.lang}, positions) and errors at a tree;</li>
 *   <li>{@code lower.check}: the subset checks and loop bounds;</li>
 *   <li>{@code lower.ssa}: control flow, phi placement, null tests and ring buffer reservations
 *       along each path;</li>
 *   <li>{@code lower.bytecode}: class files read for inlining accessors compiled elsewhere.</li>
 * </ul>
 * The intrinsics stay with the other lowerers: they lower calls through the same shared state
 * (values, memory, control flow) as expressions do. Helper numbers come from {@code @Helper} on
 * {@code Bpf}, never from literals ({@code HelperIds}); the module (maps, globals, struct types
 * for BTF, functions) goes to {@code org.bpf4j.compiler.Pipeline}, which checks, optimizes and
 * writes the object. Every instruction carries the position of its statement (file, line,
 * column, line text) for the object's line_info.
 *
 * <p><b>The subset.</b> Primitive locals (and {@code var}), {@code int} arithmetic wrapping at 32
 * bits and {@code long} at 64, {@code byte}/{@code short}/{@code char} promotion and narrowing,
 * {@code >>} and {@code >>>}, shift counts masked as Java does, compound assignment and
 * {@code ++/--}, comparisons, {@code && || !}, ternaries, {@code if}, {@code switch} on ints
 * (statements, arrow form and switch expressions with {@code yield}), counted loops
 * ({@code for}/{@code while}/{@code do} with a counter stepping by a constant towards a constant
 * bound; up to {@value org.bpf4j.processor.lower.check.LoopBounds#UNROLL_LIMIT} iterations are
 * unrolled, longer ones stay loops), labeled {@code break}/{@code continue}, compile-time
 * constants, static methods of the same file (inlined), {@code @BpfStruct} locals and arrays on
 * the stack (one slot per allocation site, shared by the copies of an unrolled body), struct
 * members (network-order ones byte-swapped), arrays indexed by constants or, bounds-checked, by
 * run-time values, packet headers through
 * {@code ctx.header(offset, T.class)}, context members ({@code @CtxField}), map, ring buffer and
 * tail call intrinsics ({@code @Intrinsic}), atomics on struct members and array elements
 * ({@code Atomics}), kernel helpers ({@code @Helper}), globals, the JDK
 * intrinsics of {@code JdkIntrinsics}, and accessors of structs compiled elsewhere (inlined from
 * their bytecode). Everything else is a javac error at the offending tree, as are what the
 * verifier would reject and the compiler can see: memory used before its null test, more than
 * 512 bytes of stack, loops without a provable bound, ring buffer records not submitted or
 * discarded on every path or used afterwards; and where the JVM and the kernel would disagree:
 * a member of a ring buffer record read before some path has written it (the kernel does not
 * zero a reserved record, the JVM does).
 *
 * <p><b>Documented deviations from Java</b> (BPF has no exceptions):
 * <ul>
 *   <li>Division or remainder by a zero that is not a constant yields BPF's result (quotient 0,
 *       remainder the dividend) instead of throwing; a constant zero divisor is an error.</li>
 *   <li>An array index computed at run time is bounds-checked: out of bounds, a read yields 0
 *       and a write does nothing instead of throwing; a constant index out of bounds is an
 *       error.</li>
 *   <li>Map values, packet headers and ring buffer records are references to kernel memory that
 *       may be null; they must be null-tested before use (an error otherwise), and writes through
 *       them change the map, packet or record.</li>
 * </ul>
 */
package org.bpf4j.processor.lower;
