package dev.rollcall.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone console's token: no cookie, no console; the right token sets the cookie once. */
class TokenFilterTest {

    final String token = TokenFilter.newToken();
    ConsoleServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(RollcallConsole.builder().repository(ConsoleServletTest.seeded()).build(),
                new TokenFilter(token));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void withoutToken_401_wrongToken_403_rightToken_cookieThenIn() throws Exception {
        Client c = new Client(server.root);
        HttpResponse<String> none = c.get("");
        assertEquals(401, none.statusCode());
        assertFalse(none.body().contains("name=\"file\""));
        assertEquals(403, c.get("?token=" + TokenFilter.newToken()).statusCode());
        assertEquals(401, c.get("static/console.css").statusCode(), "nothing at all without the token");

        HttpResponse<String> in = c.get("?token=" + token);
        assertEquals(303, in.statusCode());
        assertEquals("/console/", Client.location(in), "the token leaves the address bar");
        String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(TokenFilter.COOKIE + "="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains(token), "the cookie is not the token");

        HttpResponse<String> page = c.get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"file\""));
        // another browser with a made-up cookie is still out
        Client other = new Client(server.root);
        other.http.cookieHandler().orElseThrow().put(server.root, java.util.Map.of("Set-Cookie",
                java.util.List.of(TokenFilter.COOKIE + "=" + TokenFilter.newToken() + "; Path=/")));
        assertEquals(401, other.get("").statusCode());
    }
}
