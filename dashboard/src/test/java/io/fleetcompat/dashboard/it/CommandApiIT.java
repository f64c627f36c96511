package io.fleetcompat.dashboard.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fleetcompat.dashboard.fixtures.FleetRecords;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.fleetcompat.dashboard.security.CsrfTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The REST API's answers to good and bad requests, against the running app and a real broker. */
@QuarkusTest
@WithTestResource(FleetKafkaResource.class)
class CommandApiIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).accept(ContentType.JSON);
    }

    /** A state-changing request as a script makes it: the CSRF token of GET /api/session as header and cookie. */
    private static RequestSpecification command(String user) {
        String token = as(user).get("/api/session").then().statusCode(200).extract().path("csrfToken");
        return as(user).contentType(ContentType.JSON).header(CsrfTokens.HEADER, token).cookie(CsrfTokens.COOKIE, token);
    }

    @Test
    void shouldBeReadyWhileTheFeedRunsAndTheBrokerAnswers() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-brokers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-brokers' }.data.brokers", equalTo(1))
                .body("checks.find { it.name == 'dashboard-feed' }.status", equalTo("UP"));
    }

    @Test
    void shouldAnswer404WithAMessageForAnUnknownGuest() {
        as("viewer").get("/api/guests/{id}", "no-such-guest")
                .then().statusCode(404)
                .body("status", equalTo(404))
                .body("message", containsString("unknown guest 'no-such-guest'"));
    }

    @Test
    void shouldAnswer404ForACommandOnAnUnknownRollout() {
        command("operator").body("{\"action\":\"PAUSE\",\"reason\":\"x\"}")
                .post("/api/rollouts/{id}/commands", "family:nothing@PROPOSED#9")
                .then().statusCode(404)
                .body("message", containsString("unknown rollout 'family:nothing@PROPOSED#9'"));
    }

    @Test
    void shouldAnswer400ForABodyThatIsNotJson() {
        command("operator").body("{action: PAUSE")
                .post("/api/rollouts/{id}/commands", "family:nothing@PROPOSED#9")
                .then().statusCode(400)
                .body("error", equalTo("malformed request body"))
                .body("message", containsString("must be a JSON object"));
    }

    @Test
    void shouldAnswer400NamingTheProblemOfAMalformedCommand() {
        String rolloutId = knownRollout();

        command("operator").body("{\"action\":\"EXPLODE\",\"reason\":\"x\"}")
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(400)
                .body("error", equalTo("invalid command"))
                .body("message", containsString("action 'EXPLODE' is not valid for a rollout"));
        command("operator").body("{\"action\":\"PAUSE\"}")
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(400)
                .body("message", containsString("reason is required"));
    }

    @Test
    void shouldAnswer400ForAnUnknownPolicyFilter() {
        as("viewer").get("/api/policies?mode=LOUD")
                .then().statusCode(400)
                .body("message", containsString("mode 'LOUD' is not one of OBSERVE, ADVISE, ENFORCE"));
    }

    @Test
    void shouldForbidAViewerToSendACommand() {
        String rolloutId = knownRollout();

        command("viewer").body("{\"action\":\"PAUSE\",\"reason\":\"x\"}")
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(403);
    }

    @Test
    void shouldRefuseAStateChangingRequestWithoutTheCsrfTokenAndWriteNothing() {
        String rolloutId = knownRollout();
        String viewersToken = as("viewer").get("/api/session").then().extract().path("csrfToken");
        long before = CommandLog.endOffset(bootstrapServers);
        String body = "{\"action\":\"PAUSE\",\"reason\":\"forged\"}";

        as("operator").contentType(ContentType.JSON).body(body)
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(403)
                .body("error", equalTo("csrf token missing or invalid"))
                .body("message", containsString("X-CSRF-Token"));
        as("operator").contentType(ContentType.JSON).header(CsrfTokens.HEADER, viewersToken).body(body)
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(403);
        as("operator").contentType(ContentType.JSON).header(CsrfTokens.HEADER, viewersToken)
                .cookie(CsrfTokens.COOKIE, viewersToken).body(body)
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(403).body("error", equalTo("csrf token missing or invalid"));
        as("operator").post("/api/session/logout").then().statusCode(403);

        assertThat(CommandLog.endOffset(bootstrapServers)).as("records on fleet.commands").isEqualTo(before);
    }

    @Test
    void shouldKeepTheSessionAndCsrfCookiesFromOtherSitesAndScripts() {
        Response login = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", "operator").formParam("j_password", "operator")
                .post("/j_security_check");
        String session = setCookie(login, "quarkus-credential");
        String csrf = setCookie(as("viewer").get("/api/session"), CsrfTokens.COOKIE);

        for (String cookie : List.of(session, csrf)) {
            assertThat(attributes(cookie)).as(cookie).contains("httponly", "samesite=strict")
                    .as("not Secure over plain HTTP, or the browser would never send it back").doesNotContain("secure");
        }
    }

    @Test
    void shouldSendAnAnonymousCallerToTheLoginPage() {
        // Form authentication answers an anonymous request with a redirect; API clients send Basic credentials.
        given().redirects().follow(false).accept(ContentType.JSON).get("/api/overview")
                .then().statusCode(302)
                .header("Location", containsString("/login.html"));
    }

    @Test
    void shouldRefuseWrongCredentials() {
        given().auth().preemptive().basic("operator", "wrong").accept(ContentType.JSON).get("/api/overview")
                .then().statusCode(401);
    }

    @Test
    void shouldWriteAPinForAKnownGuestWithTheSignedInOperatorAsActorWhateverTheBodySays() throws InterruptedException {
        String guest = knownGuest("guest-pin-");
        try (CommandLog commands = new CommandLog(bootstrapServers)) {
            // The actor comes from the session: one in the body is ignored
            String commandId = command("operator")
                    .body("{\"action\":\"PIN\",\"reason\":\"keep FIFO off\",\"evtchnFifo\":\"DENY\",\"actor\":\"mallory\"}")
                    .post("/api/guests/{id}/commands", guest)
                    .then().statusCode(202)
                    .body("actor", equalTo("operator"))
                    .body("topic", equalTo("fleet.commands"))
                    .extract().path("commandId");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.key()).isEqualTo(guest);
                        assertThat(w.command().getCommandId()).isEqualTo(commandId);
                        assertThat(w.command().getInstanceId()).isEqualTo(guest);
                        assertThat(w.command().getActor()).isEqualTo("operator");
                        assertThat(w.command().getPinControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
                    }));
            // and the actions log reads it back with its actor
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer").get("/api/rollouts/actions")
                    .then().body("find { it.commandId == '" + commandId + "' }.actor", equalTo("operator")));
        }
    }

    @Test
    void shouldAnswer409ForAnUnpinOfAGuestNoOperatorPinned() {
        String guest = knownGuest("guest-unpinned-");
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.POLICY, "instance:" + guest, FleetRecords.instanceDenial(guest, 1, Instant.now(),
                    List.of()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer").get("/api/guests/{id}", guest)
                .then().body("policy.version", equalTo(1)).body("policy.pinned", equalTo(false)));

        command("operator").body("{\"action\":\"UNPIN\",\"reason\":\"done\"}")
                .post("/api/guests/{id}/commands", guest)
                .then().statusCode(409)
                .body("status", equalTo(409))
                .body("error", equalTo("not pinned"))
                .body("message", containsString("guest '" + guest + "' is not pinned"))
                .body("message", containsString("HIBERNATED_2L_IMAGE_ON_FIFO_HOST"));
    }

    @Test
    void shouldAnswer409ForAnUnpinOfAGuestWithNoPolicy() {
        String guest = knownGuest("guest-nopolicy-");

        command("operator").body("{\"action\":\"UNPIN\",\"reason\":\"done\"}")
                .post("/api/guests/{id}/commands", guest)
                .then().statusCode(409)
                .body("message", containsString("no instance-level policy"));
    }

    @Test
    void shouldAcceptAnUnpinOfAPinnedGuest() {
        String guest = knownGuest("guest-pinned-");
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.POLICY, "instance:" + guest, FleetRecords.operatorPin(guest, 2, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer").get("/api/guests/{id}", guest)
                .then().body("policy.pinned", equalTo(true)));

        command("operator").body("{\"action\":\"UNPIN\",\"reason\":\"done\"}")
                .post("/api/guests/{id}/commands", guest)
                .then().statusCode(202)
                .body("action", equalTo("UNPIN"));
    }

    @Test
    void shouldWriteAStartForAFamilyAsAnOperatorCommandKeyedByTheFamily() throws InterruptedException {
        String family = "family:linux-start-" + UUID.randomUUID().toString().substring(0, 6) + "@PROPOSED";
        try (CommandLog commands = new CommandLog(bootstrapServers)) {
            String commandId = command("operator")
                    .body("{\"action\":\"START\",\"reason\":\"protect its 2-level images\",\"evtchnFifo\":\"DENY\","
                            + "\"evtchnUpcall\":\"PERMIT\",\"scope\":\"RESUMES_OF_2L_IMAGES\"}")
                    .post("/api/families/{key}/commands", family)
                    .then().statusCode(202)
                    .body("action", equalTo("START"))
                    .body("target", equalTo(family))
                    .body("actor", equalTo("operator"))
                    .extract().path("commandId");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.key()).isEqualTo(family);
                        assertThat(w.command().getCommandId()).isEqualTo(commandId);
                        assertThat(w.command().getAction()).isEqualTo(OperatorAction.START);
                        assertThat(w.command().getFamilyKey()).isEqualTo(family);
                        assertThat(w.command().getRolloutId()).isNull();
                        assertThat(w.command().getRolloutControls())
                                .isEqualTo(new EvtchnControls(ControlSetting.DENY, ControlSetting.PERMIT));
                        assertThat(w.command().getRolloutScope()).isEqualTo(DirectiveScope.RESUMES_OF_2L_IMAGES);
                        assertThat(w.command().getPinControls()).isNull();
                        assertThat(w.command().getActor()).isEqualTo("operator");
                    }));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer").get("/api/rollouts/actions")
                    .then().body("find { it.commandId == '" + commandId + "' }.target", equalTo(family)));
        }
    }

    @Test
    void shouldAnswer400NamingTheProblemOfABadStart() {
        command("operator").body("{\"action\":\"START\",\"reason\":\"x\"}")
                .post("/api/families/{key}/commands", "linux-5.10")
                .then().statusCode(400)
                .body("error", equalTo("invalid command"))
                .body("message", containsString("family key 'linux-5.10' is not family:<kernel_family>@<XEN_PROFILE>"));
        command("operator").body("{\"action\":\"START\",\"reason\":\"x\",\"evtchnFifo\":\"UNSET\"}")
                .post("/api/families/{key}/commands", "family:linux-5.10@PROPOSED")
                .then().statusCode(400)
                .body("message", containsString("the rollout would set no control"));
        command("operator").body("{\"action\":\"START\",\"reason\":\"x\",\"scope\":\"RESUME_OF_IMAGE\"}")
                .post("/api/families/{key}/commands", "family:linux-5.10@PROPOSED")
                .then().statusCode(400)
                .body("message", containsString("scope 'RESUME_OF_IMAGE' is not one of ALL_CREATES, RESUMES_OF_2L_IMAGES"));
        command("operator").body("{\"action\":\"START\"}")
                .post("/api/families/{key}/commands", "family:linux-5.10@PROPOSED")
                .then().statusCode(400)
                .body("message", containsString("reason is required"));
    }

    @Test
    void shouldRefuseAStartFromAViewerOrWithoutTheCsrfTokenAndWriteNothing() {
        long before = CommandLog.endOffset(bootstrapServers);
        String body = "{\"action\":\"START\",\"reason\":\"x\"}";

        command("viewer").body(body).post("/api/families/{key}/commands", "family:linux-5.10@PROPOSED")
                .then().statusCode(403);
        as("operator").contentType(ContentType.JSON).body(body)
                .post("/api/families/{key}/commands", "family:linux-5.10@PROPOSED")
                .then().statusCode(403).body("error", equalTo("csrf token missing or invalid"));

        assertThat(CommandLog.endOffset(bootstrapServers)).as("records on fleet.commands").isEqualTo(before);
    }

    @Test
    void shouldWriteARetryOfAnAbortedRollout() throws InterruptedException {
        String rolloutId = knownRollout(RolloutPhase.ABORTED);
        try (CommandLog commands = new CommandLog(bootstrapServers)) {
            String commandId = command("operator").body("{\"action\":\"RETRY\",\"reason\":\"the abort was hasty\"}")
                    .post("/api/rollouts/{id}/commands", rolloutId)
                    .then().statusCode(202)
                    .body("action", equalTo("RETRY"))
                    .extract().path("commandId");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.key()).isEqualTo(rolloutId);
                        assertThat(w.command().getCommandId()).isEqualTo(commandId);
                        assertThat(w.command().getAction()).isEqualTo(OperatorAction.RETRY);
                        assertThat(w.command().getRolloutId()).isEqualTo(rolloutId);
                        assertThat(w.command().getFamilyKey()).isNull();
                    }));
        }
        command("operator").body("{\"action\":\"RETRY\",\"reason\":\"x\",\"scope\":\"ALL_CREATES\"}")
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(400)
                .body("message", containsString("RETRY takes an action and a reason"));
        command("viewer").body("{\"action\":\"RETRY\",\"reason\":\"x\"}")
                .post("/api/rollouts/{id}/commands", rolloutId)
                .then().statusCode(403);
    }

    @Test
    void shouldWriteAPinWithEvtchnUpcallAndAnExpiry() throws InterruptedException {
        String guest = knownGuest("guest-upcall-");
        Instant expiry = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (CommandLog commands = new CommandLog(bootstrapServers)) {
            String commandId = command("operator")
                    .body("{\"action\":\"PIN\",\"reason\":\"no upcall vector\",\"evtchnFifo\":\"UNSET\","
                            + "\"evtchnUpcall\":\"DENY\",\"pinExpiresAt\":\"" + expiry + "\"}")
                    .post("/api/guests/{id}/commands", guest)
                    .then().statusCode(202)
                    .extract().path("commandId");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.command().getCommandId()).isEqualTo(commandId);
                        assertThat(w.command().getPinControls())
                                .isEqualTo(new EvtchnControls(ControlSetting.UNSET, ControlSetting.DENY));
                        assertThat(w.command().getPinExpiresAt()).isEqualTo(expiry);
                    }));
        }
        command("operator").body("{\"action\":\"PIN\",\"reason\":\"x\",\"evtchnFifo\":\"DENY\","
                        + "\"pinExpiresAt\":\"2020-01-01T00:00:00Z\"}")
                .post("/api/guests/{id}/commands", guest)
                .then().statusCode(400)
                .body("message", containsString("is not in the future"));
        command("operator").body("{\"action\":\"PIN\",\"reason\":\"x\",\"evtchnFifo\":\"DENY\","
                        + "\"evtchnUpcall\":\"SOMETIMES\"}")
                .post("/api/guests/{id}/commands", guest)
                .then().statusCode(400)
                .body("message", containsString("evtchnUpcall 'SOMETIMES' is not one of UNSET, PERMIT, DENY"));
    }

    @Test
    void shouldShowADirectivesScopeImageAndExpiry() {
        String guest = "guest-scoped-" + UUID.randomUUID();
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.POLICY, "instance:" + guest, FleetRecords.instanceDenial(guest, 1, Instant.now(),
                    List.of()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer").get("/api/guests/{id}", guest)
                .then().statusCode(200)
                .body("policy.scope", equalTo("RESUME_OF_IMAGE"))
                .body("policy.imageId", equalTo("image-" + guest))
                .body("policy.evtchnUpcall", equalTo("UNSET"))
                .body("birth", org.hamcrest.Matchers.nullValue()));
    }

    /** A Set-Cookie header's attributes after the value, lower-cased: "path=/", "httponly", ... */
    static List<String> attributes(String setCookie) {
        return Arrays.stream(setCookie.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    }

    static String setCookie(Response response, String name) {
        return response.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.getHeaders()));
    }

    /** A guest the dashboard has seen start. */
    private String knownGuest(String prefix) {
        String guest = prefix + UUID.randomUUID();
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.EVENTS, guest, FleetRecords.domainCreated("host-1", guest, Instant.now(), true));
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as("viewer").get("/api/guests/{id}", guest).then().statusCode(200));
        return guest;
    }

    private String knownRollout() {
        return knownRollout(RolloutPhase.RUNNING);
    }

    private String knownRollout(RolloutPhase phase) {
        RolloutState state = FleetRecords.rollout("linux-api-" + UUID.randomUUID().toString().substring(0, 6), 1,
                phase, Instant.now());
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.ROLLOUTS, state.getRolloutId(), state);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer")
                .get("/api/rollouts/{id}", state.getRolloutId()).then().statusCode(200));
        return state.getRolloutId();
    }
}
