package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing then encoding clang's sections reproduces them byte for byte. */
class ClangRoundTripTest {
    static java.util.List<String> names() {
        return ClangBlobs.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void btfRoundTripsExactly(String name) {
        byte[] original = ClangBlobs.btf(name);
        Btf btf = Btf.parse(original);
        assertArrayEquals(original, btf.encode());
        assertArrayEquals(original, BtfBuilder.from(btf).build().encode(), "through a builder");
    }

    @ParameterizedTest
    @MethodSource("names")
    void btfExtRoundTripsExactly(String name) {
        Btf btf = Btf.parse(ClangBlobs.btf(name));
        byte[] original = ClangBlobs.ext(name);
        BtfExt ext = BtfExt.parse(original, btf);
        assertFalse(ext.funcInfo().isEmpty());
        assertFalse(ext.lineInfo().isEmpty());
        assertArrayEquals(original, ext.encode(btf));
    }

    @ParameterizedTest
    @MethodSource("names")
    void reparsingTheEncodingGivesEqualTypes(String name) {
        Btf btf = Btf.parse(ClangBlobs.btf(name));
        assertEquals(btf.types(), Btf.parse(btf.encode()).types());
    }
}
