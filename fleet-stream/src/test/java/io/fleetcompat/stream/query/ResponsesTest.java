package io.fleetcompat.stream.query;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** QueryOutcome to HTTP, without Quarkus: 200 here, 303 to the owner, 404, 503 with Retry-After. */
class ResponsesTest {

    private static final URI ASKED = URI.create("http://stream-1:8080/rollouts/family:linux-5.10@PROPOSED%231?x=1");

    @Test
    void shouldAnswer200WithTheViewOfAValueFoundHere() {
        Response response = Responses.of(new QueryOutcome.Found<>("state"), ASKED, v -> Map.of("value", v));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntity()).isEqualTo(Map.of("value", "state"));
    }

    @Test
    void shouldRedirectWith303ToTheOwningInstanceKeepingPathAndQuery() {
        Response response = Responses.of(new QueryOutcome.Elsewhere<String>(new HostInfo("stream-2", 8081)), ASKED,
                v -> v);

        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getLocation()).isEqualTo(
                URI.create("http://stream-2:8081/rollouts/family:linux-5.10@PROPOSED%231?x=1"));
    }

    @Test
    void shouldAnswer404ForAnAbsentKey() {
        Response response = Responses.of(new QueryOutcome.NotFound<String>(), ASKED, v -> v);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity()).isEqualTo(Map.of("error", "not found"));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileStateIsNotReady() {
        Response response = Responses.of(new QueryOutcome.NotReady<String>("REBALANCING"), ASKED, v -> v);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(response.getEntity()).isEqualTo(Map.of("error", "state not ready", "streams", "REBALANCING"));
    }
}
