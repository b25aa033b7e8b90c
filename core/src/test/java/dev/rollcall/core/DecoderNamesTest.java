package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.Problem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core knows no encoded file's suffix: the decoders say which names they take. */
class DecoderNamesTest {

    /** Accepts no file, so can decode none (it has no key); takes {@code .sealed} files by name. */
    private static final class NamesOnly implements Decoder {
        @Override
        public String name() {
            return "sealed";
        }

        @Override
        public boolean accepts(String fileName, byte[] head) {
            return false;
        }

        @Override
        public Set<String> fileSuffixes() {
            return Set.of(".sealed");
        }

        @Override
        public String decodedName(String fileName) {
            return fileName;
        }

        @Override
        public InputStream decode(InputStream encoded) {
            throw new AssertionError("never asked to decode");
        }
    }

    private static Problem refusal(UploadPlanner planner) {
        UploadPlan plan = planner.plan(new ByteArrayInputStream("username\nu1\n".getBytes(StandardCharsets.UTF_8)),
                "users.csv.SEALED");
        assertTrue(plan.isRefused());
        return plan.fileProblems().get(0);
    }

    @Test
    void aNameADecoderTakes_withoutADecoderThatAcceptsIt_isRefusedAsEncrypted() {
        Problem p = refusal(UploadPlan.builder().repository(new InMemoryUserRepository()).decoder(new NamesOnly()).build());
        assertEquals(Codes.NO_FORMAT, p.code());
        assertTrue(p.message().startsWith("users.csv.SEALED is encrypted, but no decoder is configured"), p.message());
    }

    @Test
    void aNameNoDecoderTakes_isLeftToTheFormats() {
        Problem p = refusal(UploadPlan.builder().repository(new InMemoryUserRepository()).build());
        assertEquals(Codes.NO_FORMAT, p.code());
        assertTrue(p.message().startsWith("no installed format reads"), p.message());
    }

    @Test
    void byDefault_aDecoderTakesNoName() {
        Decoder plain = new Decoder() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public boolean accepts(String fileName, byte[] head) {
                return false;
            }

            @Override
            public String decodedName(String fileName) {
                return fileName;
            }

            @Override
            public InputStream decode(InputStream encoded) {
                return encoded;
            }
        };
        assertEquals(Set.of(), plain.fileSuffixes());
        assertFalse(plain.takesName("users.csv.sealed"));
        assertTrue(new NamesOnly().takesName("users.csv.SEALED"));
    }
}
