package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compiles a static method of the program class as a BPF-to-BPF function (a subprogram in
 * section {@code .text}, like a C {@code static} function) instead of inlining it at every
 * call. Without this annotation every call is inlined, which is usually fastest; use it for
 * large helpers called from many places, to keep the program small: the method is compiled
 * once per class and every call, from any program of the class, is a {@code call}
 * instruction. A function whose parameters and result are all primitives, and which passes
 * nothing computed from its arguments to a kernel helper (nor does any function it calls), is
 * emitted global, as a C function without {@code static}: the kernel's verifier checks it
 * once, for any arguments, and the caller sees its result as any number (the code is the
 * same: the compiler checks every index and offset anyway). Any other function is
 * static: the verifier checks it at each call in the caller's context, and accepts exactly
 * what it would accept inlined. (A class that takes a spin lock keeps all its functions
 * static: the kernel allows no global call while a lock is held.)
 *
 * <p>Rules, checked at compile time:
 * <ul>
 *   <li>the method is {@code static}, declared in the class of the programs that call it, and
 *       takes at most 5 parameters (BPF passes arguments in registers r1–r5);</li>
 *   <li>parameters are primitives ({@code int}, {@code long}, {@code short}, {@code byte},
 *       {@code char}, {@code boolean}), the program's context, or a {@code @BpfStruct} or array
 *       the caller holds (a local, a map value, a packet header, a ring-buffer record, an array
 *       in one of them) passed by reference, exactly as in Java;</li>
 *   <li>it returns a primitive or {@code void}: the verifier does not let a function return a
 *       pointer, so write results into a struct the caller passes;</li>
 *   <li>no recursion, also not through other methods;</li>
 *   <li>each function has its own stack frame, but the kernel limits the frames of a whole call
 *       chain to 512 bytes together (each counted rounded up to 32 bytes).</li>
 * </ul>
 * A method is compiled once per program type and kinds of memory its calls pass (a struct on
 * the stack or in a map, an array's length); the loader gives each program its own copy of the
 * functions it calls anyway.
 * On the JVM the annotation has no effect: the method runs as written.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BpfFunction {
}
