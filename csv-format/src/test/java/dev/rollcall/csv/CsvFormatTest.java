package dev.rollcall.csv;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvFormatTest {

    @Test
    void serviceLoader_findsCsvFormat() {
        List<UploadFormat> formats = ServiceLoader.load(UploadFormat.class).stream().map(ServiceLoader.Provider::get).toList();
        assertTrue(formats.stream().anyMatch(f -> f instanceof CsvFormat), "CsvFormat is not registered");
        assertTrue(new CsvFormat().accepts("data/acmeus_20140215.CSV"));
        assertFalse(new CsvFormat().accepts("users.xml"));
    }

    @Test
    void delimiter_quote_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvFormat.builder().delimiter('"'));
        assertEquals("'\"' cannot be a CSV delimiter", e.getMessage());
    }

    @Test
    void delimiter_letter_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> CsvFormat.builder().delimiter('a'));
    }

    @Test
    void encoding_null_isRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> CsvFormat.builder().encoding(null));
        assertEquals("encoding must not be null", e.getMessage());
    }

    @Test
    void maxValueLength_longerValue_refusesFile() throws IOException {
        byte[] csv = ("username,note\njdoe,\"" + "x".repeat(100) + "\"\n").getBytes(StandardCharsets.UTF_8);
        CsvFormat format = CsvFormat.builder().maxValueLength(50).build();
        try (RowReader r = format.open(new ByteArrayInputStream(csv))) {
            dev.rollcall.spi.UploadFileException e = assertThrows(dev.rollcall.spi.UploadFileException.class, r::next);
            assertEquals("MALFORMED_FILE", e.code());
            assertEquals(2, e.line());
        }
    }

    @Test
    void publicApi_exposesNoUnivocityType() {
        for (Class<?> type : List.of(CsvFormat.class, CsvFormat.Builder.class, CsvWriter.class, CsvWriter.Builder.class)) {
            for (Method m : type.getMethods()) {
                assertNotUnivocity(m.getReturnType(), m.toString());
                for (Parameter p : m.getParameters()) {
                    assertNotUnivocity(p.getType(), m.toString());
                }
                for (Class<?> e : m.getExceptionTypes()) {
                    assertNotUnivocity(e, m.toString());
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                for (Parameter p : c.getParameters()) {
                    assertNotUnivocity(p.getType(), c.toString());
                }
            }
        }
    }

    private static void assertNotUnivocity(Class<?> type, String where) {
        assertFalse(type.getName().startsWith("com.univocity"), where + " exposes " + type.getName());
    }

    @Test
    void rowToString_showsNoValues() throws IOException {
        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(
                "username,password\njdoe,S3cret!pass\n".getBytes(StandardCharsets.UTF_8)))) {
            UploadRow row = r.next();
            assertFalse(row.toString().contains("S3cret"), row.toString());
            assertNull(r.next());
        }
    }
}
