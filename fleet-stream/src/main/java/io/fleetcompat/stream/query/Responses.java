package io.fleetcompat.stream.query;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/** Maps a {@link QueryOutcome} to HTTP: 200, 303 to the owning instance, 404, or 503 with Retry-After. */
final class Responses {

    private Responses() {
    }

    /** @param requestUri the URI asked for: a redirect keeps its path and query, only host and port change */
    static <T> Response of(QueryOutcome<T> outcome, URI requestUri, Function<T, Object> view) {
        if (outcome instanceof QueryOutcome.Found<T> found) {
            return Response.ok(view.apply(found.value())).build();
        }
        if (outcome instanceof QueryOutcome.Elsewhere<T> elsewhere) {
            URI there = UriBuilder.fromUri(requestUri).host(elsewhere.host().host()).port(elsewhere.host().port())
                    .build();
            return Response.seeOther(there).build();
        }
        if (outcome instanceof QueryOutcome.NotReady<T> notReady) {
            return notReady(notReady.state());
        }
        return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "not found")).build();
    }

    static Response notReady(String state) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "2")
                .entity(Map.of("error", "state not ready", "streams", state)).build();
    }
}
