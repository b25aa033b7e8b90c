package dev.rollcall.core;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadFileNameTest {

    @Test
    void seed004_examples_parseAndPrint() {
        UploadFileName n = UploadFileName.parse("acmeus_20140215.csv.pgp").orElseThrow();
        assertEquals("acmeus", n.site());
        assertEquals(LocalDate.of(2014, 2, 15), n.date());
        assertEquals("csv", n.format());
        assertTrue(n.encrypted());
        assertEquals("acmeus_20140215.csv.pgp", n.toString());
        assertEquals("acmeus_21480215.xml", UploadFileName.parse("incoming/acmeus_21480215.xml").orElseThrow().toString());
    }

    @Test
    void build_fromASiteAddress() {
        assertEquals("acmeus_20140215.csv.pgp",
                UploadFileName.of("https://Acme.US/", LocalDate.of(2014, 2, 15), "CSV", true).toString());
    }

    @Test
    void namesOffTheConvention_areRefusedWithTheRightShape() {
        for (String bad : new String[] {"acmeus-20140215.csv", "acmeus_2014-02-15.csv", "acmeus_20140231.csv",
                "Acmeus_20140215.csv", "acmeus_20140215.txt", "acmeus_20140215.pgp"}) {
            assertFalse(UploadFileName.parse(bad).isPresent(), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UploadFileName.require("users.csv"));
        assertTrue(e.getMessage().contains("e.g. acmeus_20140215.csv.pgp"), e.getMessage());
    }
}
