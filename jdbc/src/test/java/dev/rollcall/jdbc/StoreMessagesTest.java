package dev.rollcall.jdbc;

import dev.rollcall.spi.Codes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the store says when it cannot be had: in use by another process, or a database that refuses connections. */
class StoreMessagesTest {

    @TempDir
    Path dir;

    @Test
    void embeddedStoreHeldByAnotherProcess_saysSoAndWhatToDo() throws Exception {
        Path data = dir.resolve("rollcall-data");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldStore.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("holding", out.readLine(), "the other process opened the store");

            JdbcStoreException e = assertThrows(JdbcStoreException.class,
                    () -> JdbcUserRepository.embedded(data).initialize());
            assertEquals(Codes.STORE_FAILED, e.code());
            assertEquals("the embedded store at " + data.toAbsolutePath().normalize() + " is in use by another process"
                    + " (another rollcall run, a jobs worker or an open console); wait for it to finish or stop it,"
                    + " then try again", e.getMessage());
        } finally {
            holder.getOutputStream().close(); // the holder closes the store and ends
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        try (JdbcUserRepository store = JdbcUserRepository.embedded(data).initialize()) {
            assertEquals(List.of(), store.sites(), "free again once the other process ended");
        }
    }

    @Test
    void postgresRefusingConnections_namesHostAndPort_neverThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        String password = "Pw-9qV-never-shown";
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/rollcall?user=rollcall&password=" + password
                + "&connectTimeout=5";
        try (JdbcUserRepository store = JdbcUserRepository.forUrl(url)) {
            JdbcStoreException e = assertThrows(JdbcStoreException.class, store::initialize);
            assertEquals(Codes.STORE_FAILED, e.code());
            assertTrue(e.getMessage().startsWith("cannot connect to the store jdbc:postgresql://127.0.0.1:" + port
                    + "/rollcall: Connection to 127.0.0.1:" + port + " refused"), e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(password), t.toString());
                assertFalse(String.valueOf(t).contains(password), t.toString());
            }
        }
    }

    /** Opens the embedded store in the folder given, says "holding", and keeps it open until its input ends. */
    public static final class HoldStore {
        public static void main(String[] args) throws Exception {
            try (JdbcUserRepository store = JdbcUserRepository.embedded(Path.of(args[0])).initialize()) {
                store.sites();
                System.out.println("holding");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to let go
                }
            }
        }
    }
}
