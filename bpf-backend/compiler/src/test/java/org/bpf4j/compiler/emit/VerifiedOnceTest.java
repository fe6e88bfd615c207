package org.bpf4j.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.HelperTraits;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Which subprograms are emitted global, verified once for any arguments. */
class VerifiedOnceTest {
    private static final int KTIME_GET_NS = 5;
    private static final int RINGBUF_RESERVE = 131;
    private static final int SPIN_LOCK = 93;

    @Test
    void integersInAndOutWithoutLoopsAreVerifiedOnce() {
        assertEquals(Set.of("f"), once(function("f", Type.I32, b -> b.ret(b.add(b.param(0), b.trunc(b.param(1)))), Type.I32, Type.I64)));
    }

    @Test
    void aPointerParameterOrNoResultKeepsTheFunctionPerCall() {
        assertEquals(Set.of(), once(function("p", Type.I32, b -> b.ret(b.load(Type.I32, b.param(0), 0, 4, false)), Type.STACK)));
        assertEquals(Set.of(), once(function("v", Type.VOID, b -> b.ret(null), Type.I32)));
    }

    @Test
    void aHelperTakingAValueOfTheParametersKeepsTheFunctionPerCall() {
        assertEquals(Set.of(), once(function("h", Type.I64, b -> b.ret(b.helperCall(RINGBUF_RESERVE, Type.I64,
                Constant.i64(0), b.param(0), Constant.i64(0))), Type.I64)));
        assertEquals(Set.of(), once(function("m", Type.I64, b -> {
            Value slot = b.stackAlloc(8, true);
            b.store(slot, 0, 8, b.param(0));
            b.ret(b.helperCall(RINGBUF_RESERVE, Type.I64, Constant.i64(0), b.load(Type.I64, slot, 0, 8, false), Constant.i64(0)));
        }, Type.I64)), "through memory too");
        assertEquals(Set.of("t"), once(function("t", Type.I64, b -> b.ret(b.add(b.helperCall(KTIME_GET_NS, Type.I64), b.param(0))),
                Type.I64)), "a helper that takes nothing of them is fine");
    }

    @Test
    void callingAFunctionThatIsNotSafeForAnyArgumentsIsNotEither() {
        Function reserves = function("reserves", Type.I64, b -> b.ret(b.helperCall(RINGBUF_RESERVE, Type.I64,
                Constant.i64(0), b.param(0), Constant.i64(0))), Type.I64);
        Function caller = function("caller", Type.I64, b -> b.ret(b.call("reserves", Type.I64, b.param(0))), Type.I64);
        assertEquals(Set.of(), once(reserves, caller));
    }

    @Test
    void aModuleTakingASpinLockKeepsEveryFunctionPerCall() {
        Function locks = function("locks", Type.I64, b -> b.ret(b.helperCall(SPIN_LOCK, new HelperTraits(false, -1, false, true),
                Type.I64, b.stackAlloc(8, true))));
        assertEquals(Set.of(), once(function("f", Type.I32, b -> b.ret(b.param(0)), Type.I32), locks));
    }

    private static Set<String> once(Function... functions) {
        Module m = new Module("GPL");
        for (Function f : functions) m.addFunction(f);
        Set<String> names = new HashSet<>();
        for (Function f : VerifiedOnce.of(m)) names.add(f.name());
        return names;
    }

    private static Function function(String name, Type result, Consumer<FunctionBuilder> body, Type... params) {
        FunctionBuilder b = FunctionBuilder.subprogram(name, result, params);
        body.accept(b);
        return b.build();
    }
}
