package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.security.CsrfTokens;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is signed in (the pages hide operator buttons from viewers) and the CSRF token every state-changing request
 * must send back; sign-out for form logins.
 */
@Path("/api/session")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** The signed-in user and roles, and the token for the {@value CsrfTokens#HEADER} header. */
    public record Session(String user, List<String> roles, boolean operator, String csrfToken) {
    }

    private final SecurityIdentity identity;
    private final CsrfTokens tokens;
    private final String cookieName;

    public SessionResource(SecurityIdentity identity, CsrfTokens tokens,
                           @ConfigProperty(name = "quarkus.http.auth.form.cookie-name",
                                   defaultValue = "quarkus-credential") String cookieName) {
        this.identity = identity;
        this.tokens = tokens;
        this.cookieName = cookieName;
    }

    /** Keeps the browser's token while it is valid for this user, so every open page keeps working. */
    @GET
    public Response session(@CookieParam(CsrfTokens.COOKIE) String current, @Context UriInfo uri) {
        String user = identity.getPrincipal().getName();
        String token = tokens.valid(current, user) ? current : tokens.issue(user);
        Session session = new Session(user, identity.getRoles().stream().sorted().toList(),
                identity.hasRole(Roles.OPERATOR), token);
        return Response.ok(session).cookie(csrfCookie(token, uri, -1)).build();
    }

    /** Form authentication keeps the session in an encrypted cookie; expiring it (and the CSRF cookie) signs out. */
    @POST
    @Path("/logout")
    public Response logout(@Context UriInfo uri) {
        NewCookie expired = new NewCookie.Builder(cookieName).path("/").maxAge(0).value("").build();
        return Response.noContent().cookie(expired, csrfCookie("", uri, 0)).build();
    }

    /** HttpOnly (the page gets the token from the JSON), SameSite=Strict, Secure when served over TLS. */
    private static NewCookie csrfCookie(String token, UriInfo uri, int maxAge) {
        return new NewCookie.Builder(CsrfTokens.COOKIE).value(token).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equals(uri.getRequestUri().getScheme())).build();
    }
}
