/**
 * The compiler's IR: SSA functions of basic blocks over domain operations (packet and context
 * accesses, map lookups, helpers, ring-buffer records), built by {@link
 * org.bpf4j.compiler.ir.FunctionBuilder} and checked by {@link org.bpf4j.compiler.ir.IrChecker}.
 * Nothing here knows Java or the kernel's encodings: the front end lowers to it and the back
 * end selects instructions from it.
 */
package org.bpf4j.compiler.ir;
