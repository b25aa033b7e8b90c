package dev.rollcall.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console without rollcall-jobs (an optional dependency): no jobs pages, and no class of it is loaded. */
class WithoutJobsTest {

    @Test
    void withoutAJobsConsole_thereIsNoJobsLink_andNoJobsPage() throws Exception {
        List<String> pages = new Probe().call();
        assertFalse(pages.get(0).contains("/jobs"), pages.get(0));
        assertTrue(pages.get(0).contains("href=\"/console/templates\""), "the navigation is there");
        assertTrue(pages.get(1).contains("id=\"count-created\"><dt>Created</dt><dd>1</dd>"), pages.get(1));
        assertEquals("404", pages.get(2));
    }

    @Test
    void withRollcallJobsHidden_uploadReviewApplyAndResultsWork_andNoJobsClassIsAskedFor() throws Exception {
        HidingLoader loader = new HidingLoader(getClass().getClassLoader());
        @SuppressWarnings("unchecked")
        Callable<List<String>> probe = (Callable<List<String>>) loader.loadClass(Probe.class.getName())
                .getDeclaredConstructor().newInstance();
        assertEquals(loader, probe.getClass().getClassLoader(), "the console's classes come from the hiding loader");
        List<String> pages = probe.call();
        assertTrue(loader.asked.isEmpty(), "classes of rollcall-jobs asked for: " + loader.asked);
        assertFalse(pages.get(0).contains("/jobs"), pages.get(0));
        assertTrue(pages.get(1).contains("id=\"count-created\"><dt>Created</dt><dd>1</dd>"), pages.get(1));
        assertEquals("404", pages.get(2));
    }

    /** Uploads, applies and reads the results on a console built without jobs: the upload page, the results, /jobs's status. */
    public static final class Probe implements Callable<List<String>> {
        @Override
        public List<String> call() throws Exception {
            RollcallConsole console = RollcallConsole.builder().repository(new dev.rollcall.core.InMemoryUserRepository())
                    .authorizer(Authorizer.ANYONE).executor(new ConsoleServer.Direct()).build();
            try (ConsoleServer server = new ConsoleServer(console, null)) {
                Client client = new Client(server.root);
                String upload = client.get("").body();
                HttpResponse<String> planned = client.upload("people.csv",
                        "username,email,firstName,lastName\nnew1,new1@example.com,New,One\n".getBytes(StandardCharsets.UTF_8),
                        "csrf", client.csrf, "mode", "add-new");
                String review = Client.location(planned);
                client.get(review);
                HttpResponse<String> applied = client.post(review, "csrf", client.csrf, "op", "apply");
                String results = client.get(Client.location(client.get(Client.location(applied)))).body();
                return List.of(upload, results, String.valueOf(client.get("jobs").statusCode()));
            }
        }
    }

    /**
     * Loads the console's classes itself and refuses every class of rollcall-jobs, as when the
     * jar is not on the class path; remembers what was asked for.
     */
    static final class HidingLoader extends ClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        HidingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.rollcall.jobs.")) {
                asked.add(name);
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            if (!name.startsWith("dev.rollcall.web.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }
}
