package dev.rollcall.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FormulaGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-5", "@home", "\uFF1D1", "\uFF0B1", "\uFF0D1", "\uFF20home",
            "\t=1", "\r=1", "\tplain", "\rplain", " =1", "\u3000\uFF1D1", "'=1", "''-5", "'\t=1"})
    void formulaLike_getsOneApostrophe_andReadsBack(String value) {
        assertEquals("'" + value, FormulaGuard.neutralise(value));
        assertEquals(value, FormulaGuard.unneutralise(FormulaGuard.neutralise(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "'hello", "'5", "'", "''", "O'Brien", "a=b", "5-3", " plain", "\t", " \t ",
            "'\t", "\u2212" + "5"})
    void others_areLeftAlone_bothWays(String value) {
        assertEquals(value, FormulaGuard.neutralise(value));
        assertEquals(value, FormulaGuard.unneutralise(value));
    }

    @Test
    void null_staysNull() {
        assertNull(FormulaGuard.neutralise(null));
        assertNull(FormulaGuard.unneutralise(null));
    }
}
