package io.fleetcompat.stream.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.BrokerClients;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The Quarkus app against a real broker: interactive queries over REST, health, OpenAPI and metrics. */
@QuarkusTest
@WithTestResource(InJvmKafka.class)
class QueryApiIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.http.host")
    String host;

    @TestHTTPResource("/")
    URL url;

    @Test
    void shouldListenOnLoopbackOnlyByDefault() throws IOException {
        // The packaged setting (Quarkus' own default outside dev and test is every interface)
        assertThat(host).isEqualTo("127.0.0.1");
        given().get("/q/health/live").then().statusCode(200);

        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        assumeTrue(external.isPresent(), "this machine has no address but loopback to try from");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), url.getPort()), 5000))
                    .as("connecting to port %d on %s", url.getPort(), external.get()).isInstanceOf(IOException.class);
        }
    }

    /** GET until the answer is no longer 503 (state restoring) or 404 (not yet folded), within WAIT. */
    private static Response awaitAnswer(String path) throws InterruptedException {
        return awaitAnswer(path, response -> true);
    }

    /** Polls until the path answers 200 and {@code ready} holds (the events may still be folding), or WAIT passes. */
    private static Response awaitAnswer(String path, Predicate<Response> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Response response = given().redirects().follow(false).get(path);
        while ((response.statusCode() != 200 || !ready.test(response)) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = given().redirects().follow(false).get(path);
        }
        return response;
    }

    @Test
    void shouldAnswerGuestPolicyRolloutAndStatsQueries() throws InterruptedException {
        // Given two hosts and a guest that hibernated a 2-level image
        SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
        SimHost legacy = new SimHost("q-legacy", XenProfile.LEGACY_2L, true, clock);
        SimHost modern = new SimHost("q-modern", XenProfile.PROPOSED, true, clock);
        try (BrokerClients clients = new BrokerClients(bootstrap)) {
            clients.send(Topics.HOSTS, legacy.id(), legacy.status());
            clients.send(Topics.HOSTS, modern.id(), modern.status());
            clients.send(Topics.EVENTS, "q-guest", Events.freshBoot(legacy.next(), "q-guest", 1));
            clients.send(Topics.EVENTS, "q-guest", Events.booted(legacy.next(), "q-guest", 1, EvtchnAbi.TWO_LEVEL));
            clients.send(Topics.EVENTS, "q-guest", Events.hibernated(legacy.next(), "q-guest", 1, EvtchnAbi.TWO_LEVEL));
            clients.send(Topics.EVENTS, "q-guest", Events.destroyed(legacy.next(), "q-guest", 1,
                    DestroyReason.HIBERNATED));
        }

        // Then its state, timeline and directive can be queried
        awaitAnswer("/guests/q-guest/timeline", r -> r.jsonPath().getList("$").size() == 4);
        awaitAnswer("/guests/q-guest").then().log().ifValidationFails().statusCode(200)
                .body("instanceId", equalTo("q-guest"))
                .body("image.abi", equalTo("TWO_LEVEL"))
                .body("policy.evtchnFifo", equalTo("DENY"));
        given().get("/guests/q-guest/timeline").then().statusCode(200).body("size()", equalTo(4));
        given().get("/policies/instance:q-guest").then().statusCode(200).body("version", equalTo(1));
        given().get("/policies").then().statusCode(200).body("key", org.hamcrest.Matchers.hasItem("instance:q-guest"));
        given().get("/guests/nobody").then().statusCode(404);
        given().get("/rollouts").then().statusCode(200);
        given().get("/rollouts/family:linux-5.10@PROPOSED%231").then().statusCode(404);
        given().get("/stats").then().statusCode(200).body("deniedGuests", equalTo(1));

        // And the operational endpoints answer
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kafka-streams-running' }.data.state", equalTo("RUNNING"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/guests/{instanceId}"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("kafka_stream"))
                .body(containsString("fleet_stream_instance_directives"));
    }
}
