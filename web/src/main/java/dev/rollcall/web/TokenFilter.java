package dev.rollcall.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standalone console's door (as Jupyter's): whoever opens the address printed at start,
 * {@code ...?token=T}, gets a session cookie (HttpOnly, SameSite=Strict) and is sent on to the
 * same address without the token; every other request without that cookie gets 401, and a
 * wrong token 403. Requests let in carry a {@link Principal} named {@code console}, so the
 * console's default {@link Authorizer#AUTHENTICATED} admits them. A host that mounts the
 * console uses its own authentication instead.
 */
public final class TokenFilter implements Filter {

    /** The cookie that says a browser gave the token. */
    public static final String COOKIE = "rollcall-console";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Principal CONSOLE = () -> "console";

    private final byte[] token;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    /** @param token the token to ask for; {@link #newToken()} makes one */
    public TokenFilter(String token) {
        Objects.requireNonNull(token, "token must not be null");
        if (token.length() < 16) {
            throw new IllegalArgumentException("a token needs at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a new random token: 32 random bytes, base64url */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (hasSession(request)) {
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public Principal getUserPrincipal() {
                    return CONSOLE;
                }

                @Override
                public String getRemoteUser() {
                    return CONSOLE.getName();
                }
            }, response);
            return;
        }
        String given = request.getParameter("token");
        if (given == null) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED,
                    "Open the console with the address rollcall serve printed when it started (it ends with ?token=...).");
            return;
        }
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "That token is not this console's.");
            return;
        }
        String session = newToken();
        sessions.add(session);
        Cookie cookie = new Cookie(COOKIE, session);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setAttribute("SameSite", "Strict");
        response.addCookie(cookie);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getRequestURI());
    }

    private boolean hasSession(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName()) && sessions.contains(c.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Content-Security-Policy", ConsoleServlet.CSP);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(message + "\n");
    }
}
