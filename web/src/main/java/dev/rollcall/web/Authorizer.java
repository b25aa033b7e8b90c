package dev.rollcall.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides who may use the console: asked on every request before anything is done. A host
 * that mounts the console keeps its own authentication (a login page, SSO, Spring Security)
 * and tells the console who got through.
 *
 * <pre>{@code
 * RollcallConsole.builder().repository(store)
 *         .authorizer(request -> request.isUserInRole("admin"))
 * }</pre>
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * The default: a request whose container authenticated a user
     * ({@link HttpServletRequest#getUserPrincipal()} is set); anyone else gets 403.
     */
    Authorizer AUTHENTICATED = request -> request.getUserPrincipal() != null;

    /**
     * Lets every request in: only for a host whose own filter already guards the console's
     * path, and for tests.
     */
    Authorizer ANYONE = request -> true;

    /**
     * @param request the request
     * @return whether it may go ahead; otherwise it gets 403 and nothing is done
     */
    boolean permits(HttpServletRequest request);
}
