package dev.rollcall.spi;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileNamePatternTest {

    @Test
    void seed002_example_resolvesForTheDay() {
        FileNamePattern p = FileNamePattern.of("data/acme_$yyyy$mm$dd.csv");
        assertEquals("data/acme_20150914.csv", p.resolve(LocalDate.of(2015, 9, 14)));
        assertTrue(p.isDated());
        assertEquals("data/acme_$yyyy$mm$dd.csv", p.toString());
    }

    @Test
    void twoDigitYear_andLiteralDollar() {
        assertEquals("pay$_05-03-07.csv", FileNamePattern.of("pay$$_$yy-$mm-$dd.csv").resolve(LocalDate.of(2005, 3, 7)));
    }

    @Test
    void plainName_isNotDated() {
        FileNamePattern p = FileNamePattern.of("users.csv");
        assertFalse(p.isDated());
        assertEquals("users.csv", p.resolve(LocalDate.of(2020, 1, 1)));
    }

    @Test
    void unknownCode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileNamePattern.of("acme_$yyyy$m$dd.csv"));
        assertEquals("unknown code at position 11 of the file name pattern 'acme_$yyyy$m$dd.csv': use $yyyy, $yy, "
                + "$mm, $dd, or $$ for a $", e.getMessage());
    }

    @Test
    void blank() {
        assertEquals("pattern must not be blank",
                assertThrows(IllegalArgumentException.class, () -> FileNamePattern.of(" ")).getMessage());
    }

    @Test
    void equalPatterns_areEqual() {
        assertEquals(FileNamePattern.of("a_$dd"), FileNamePattern.of("a_$dd"));
        assertEquals(FileNamePattern.of("a_$dd").hashCode(), FileNamePattern.of("a_$dd").hashCode());
    }

    @Test
    void sourceFile_nameIsTheLastPart() {
        assertEquals("acme.csv", new SourceFile("data/in/acme.csv", 3, Instant.EPOCH).name());
        assertEquals("size must not be negative: -1", assertThrows(IllegalArgumentException.class,
                () -> new SourceFile("a", -1, Instant.EPOCH)).getMessage());
        assertEquals("path must name a file: 'data/'", assertThrows(IllegalArgumentException.class,
                () -> new SourceFile("data/", 1, Instant.EPOCH)).getMessage());
    }
}
