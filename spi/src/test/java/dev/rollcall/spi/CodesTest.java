package dev.rollcall.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodesTest {

    @Test
    void everyCode_isItsOwnName_uniqueAndDocumented() throws IOException, IllegalAccessException {
        String doc = Files.readString(Path.of("..", "docs", "CODES.md"));
        Set<String> seen = new HashSet<>();
        for (Field f : Codes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String code = (String) f.get(null);
                assertEquals(f.getName(), code, "a code's value is its name");
                assertTrue(seen.add(code), "duplicate code " + code);
                assertTrue(doc.contains("`" + code + "`"), code + " is not explained in docs/CODES.md");
            }
        }
        assertTrue(seen.size() > 40);
    }
}
