package io.fleetcompat.dashboard.security;

import io.fleetcompat.dashboard.web.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Set;

/**
 * Refuses (403) every state-changing API request that does not carry the signed-in user's CSRF token both as the
 * {@value CsrfTokens#HEADER} header and as the {@value CsrfTokens#COOKIE} cookie (see {@link CsrfTokens}). Runs
 * after authentication; the login form itself (Quarkus' {@code j_security_check}) is not an API request.
 */
@Provider
public class CsrfFilter implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final CsrfTokens tokens;

    public CsrfFilter(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return;
        }
        Principal user = request.getSecurityContext().getUserPrincipal();
        String header = request.getHeaderString(CsrfTokens.HEADER);
        Cookie cookie = request.getCookies().get(CsrfTokens.COOKIE);
        boolean matches = header != null && cookie != null && MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8));
        if (user == null || !matches || !tokens.valid(header, user.getName())) {
            request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(403, "csrf token missing or invalid", "a state-changing request needs the "
                            + "token of GET /api/session in the " + CsrfTokens.HEADER + " header and the "
                            + CsrfTokens.COOKIE + " cookie that came with it"))
                    .build());
        }
    }
}
