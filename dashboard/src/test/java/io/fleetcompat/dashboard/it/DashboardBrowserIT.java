package io.fleetcompat.dashboard.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.RequestOptions;
import io.fleetcompat.dashboard.fixtures.FleetRecords;
import io.fleetcompat.dashboard.fixtures.HostAgent;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.web.LiveBroadcaster;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.LiftCondition;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.XenProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard in headless Chromium against the running app and a real broker. */
@QuarkusTest
@WithTestResource(FleetKafkaResource.class)
class DashboardBrowserIT {

    private static final LocatorAssertions.HasTextOptions PATIENTLY =
            new LocatorAssertions.HasTextOptions().setTimeout(Browser.WAIT_MS);
    private static final LocatorAssertions.ContainsTextOptions PATIENTLY_CONTAINS =
            new LocatorAssertions.ContainsTextOptions().setTimeout(Browser.WAIT_MS);
    /** fleet-stream folds, detects and escalates before the first rollout state: more than a page update. */
    private static final double STREAM_WAIT_MS = 90_000;
    private static final LocatorAssertions.HasAttributeOptions LIVE_PATIENTLY =
            new LocatorAssertions.HasAttributeOptions().setTimeout(Browser.WAIT_MS);
    private static Browser browser;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL baseUrl;

    @Inject
    LiveBroadcaster liveBroadcaster;

    @Inject
    FleetViews views;

    @ConfigProperty(name = "fleetcompat.dashboard.live-tick", defaultValue = "1s")
    Duration liveTick;

    @BeforeAll
    static void launchBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldChangeTheOverviewNumbersWhileEventsFlow() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            Browser.open(page, "/index.html");
            int hostsBefore = number(page, "#stat-hosts");
            int eventsBefore = number(page, "#stat-events");
            page.evaluate("() => { window.notReloaded = true; }");

            // When two hosts report and their guests start
            for (int h = 0; h < 2; h++) {
                String host = "host-" + run + "-" + h;
                producer.send(Topics.HOSTS, host, FleetRecords.hostStatus(host, Instant.now(), 3));
                for (int g = 0; g < 3; g++) {
                    String guest = "guest-" + run + "-" + h + "-" + g;
                    producer.send(Topics.EVENTS, guest, FleetRecords.domainCreated(host, guest, Instant.now(), true));
                }
            }

            // Then the open page counts them without a reload
            waitUntilAtLeast(page, "#stat-hosts", hostsBefore + 2);
            waitUntilAtLeast(page, "#stat-events", eventsBefore + 6);
            browser.screenshot(page, "overview-after-first-events");

            // When more events flow, the numbers move again
            for (int g = 0; g < 4; g++) {
                String guest = "guest-" + run + "-0-" + g;
                producer.send(Topics.EVENTS, guest, FleetRecords.guestBooted("host-" + run + "-0", guest,
                        Instant.now(), EvtchnAbi.FIFO));
            }
            waitUntilAtLeast(page, "#stat-events", eventsBefore + 10);
            assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
            assertThat(page.evaluate("() => typeof Chart")).isEqualTo("function");
            assertThat(page.locator("#profiles")).containsText("PROPOSED");
            browser.screenshot(page, "overview-while-events-flow");
            page.context().close();
        }
    }

    @Test
    void shouldReconnectTheLiveFeedByItselfAfterTheConnectionDrops() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            Browser.open(page, "/index.html");
            Locator status = page.locator("#live-status");
            assertThat(status).hasAttribute("data-state", "live", LIVE_PATIENTLY);
            page.evaluate("() => { window.notReloaded = true; }");

            // Every state the live badge goes through, so a short "down" cannot slip between two looks
            page.evaluate("() => { window.liveStates = []; new MutationObserver(() => window.liveStates.push("
                    + "document.getElementById('live-status').dataset.state)).observe("
                    + "document.getElementById('live-status'), { attributes: true }); }");

            // When the server ends every live stream (as it does when it shuts down)
            liveBroadcaster.closeAll();

            // Then the page said the link was down, and reconnected by itself
            page.waitForFunction("() => window.liveStates.includes('down')"
                    + " && document.getElementById('live-status').dataset.state === 'live'"
                    + " && window.liveStates.lastIndexOf('live') > window.liveStates.indexOf('down')", null,
                    new Page.WaitForFunctionOptions().setTimeout(Browser.WAIT_MS));

            // And it counts new events without a reload
            int eventsBefore = number(page, "#stat-events");
            String host = "host-reconnect-" + run;
            producer.send(Topics.HOSTS, host, FleetRecords.hostStatus(host, Instant.now(), 1));
            producer.send(Topics.EVENTS, "guest-reconnect-" + run,
                    FleetRecords.domainCreated(host, "guest-reconnect-" + run, Instant.now(), true));
            waitUntilAtLeast(page, "#stat-events", eventsBefore + 1);
            assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
            page.context().close();
        }
    }

    @Test
    void shouldRefetchWhatChangedWhileTheLiveFeedWasDown() throws InterruptedException {
        String guest = "guest-gap-" + UUID.randomUUID();
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            Browser.open(page, "/policies.html");
            assertThat(page.locator("#live-status")).hasAttribute("data-state", "live", LIVE_PATIENTLY);
            page.evaluate("() => { window.notReloaded = true; }");

            // Given the page cannot reach the live stream for a while
            page.route("**/api/live", Route::abort);
            liveBroadcaster.closeAll();

            // When a policy is issued meanwhile, and the ticks that would have announced it pass unheard
            producer.send(Topics.POLICY, "instance:" + guest, FleetRecords.instanceDenial(guest, 1, Instant.now(),
                    List.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> views.policies().forInstance(guest).isPresent());
            Thread.sleep(3 * liveTick.toMillis());
            assertThat(page.locator("#policies")).not().containsText(guest);

            // Then once the stream is back, the page shows it without a reload
            page.unroute("**/api/live");
            assertThat(page.locator("#policies")).containsText("instance:" + guest, PATIENTLY_CONTAINS);
            assertThat(page.locator("#live-status")).hasAttribute("data-state", "live", LIVE_PATIENTLY);
            assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
            page.context().close();
        }
    }

    @Test
    void shouldSendTheBrowserToSignInWhenTheSessionExpiredUnderTheLiveFeed() {
        Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
        Browser.open(page, "/policies.html");
        assertThat(page.locator("#live-status")).hasAttribute("data-state", "live", LIVE_PATIENTLY);

        // When the session is gone and the live stream reconnects, it is redirected to the login page
        page.context().clearCookies();
        liveBroadcaster.closeAll();

        // Then the page goes there to sign in, rather than retrying for ever
        page.waitForURL("**/login.html*", new Page.WaitForURLOptions().setTimeout(Browser.WAIT_MS));
        assertThat(page.locator("#sign-in")).isVisible();
        page.context().close();
    }

    @Test
    void shouldShowAGuestsTimelineWithItsPolicyEvidence() {
        String guest = "guest-timeline-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(120);
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            // Given a guest that booted FIFO on one host, hibernated 2-level, and failed to resume on another
            producer.send(Topics.EVENTS, guest, FleetRecords.domainCreated("host-old", guest, t0, true));
            producer.send(Topics.EVENTS, guest, FleetRecords.guestBooted("host-old", guest, t0.plusSeconds(1),
                    EvtchnAbi.TWO_LEVEL));
            GuestHibernated hibernated = FleetRecords.guestHibernated("host-old", guest, t0.plusSeconds(30),
                    EvtchnAbi.TWO_LEVEL);
            producer.send(Topics.EVENTS, guest, hibernated);
            producer.send(Topics.EVENTS, guest, FleetRecords.guestResumeFailed("host-new", guest, t0.plusSeconds(60)));
            producer.send(Topics.POLICY, "instance:" + guest, FleetRecords.instanceDenial(guest, 1,
                    t0.plusSeconds(61), List.of(hibernated.getHeader().getEventId())));

            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            page.navigate("/guest.html?id=" + URLEncoder.encode(guest, StandardCharsets.UTF_8));

            // Then its page shows the timeline across both hosts, the failure, and the policy with its evidence
            Locator rows = page.locator("#timeline tbody tr");
            assertThat(rows).hasCount(5, new LocatorAssertions.HasCountOptions().setTimeout(Browser.WAIT_MS));
            assertThat(page.locator("tr[data-kind=GuestResumeFailed]")).hasClass("failed");
            assertThat(page.locator("tr.evidence")).containsText("hibernated to image");
            assertThat(page.locator("#policy")).containsText("Policy v1 · ENFORCE");
            assertThat(page.locator("#guest")).containsText("host-old, host-new");

            // And its birth certificate: where it first booted, on what, with which kernel and ABI
            Locator birth = page.locator("#birth");
            assertThat(birth).containsText("Birth certificate");
            assertThat(birth).containsText("host-old");
            assertThat(birth).containsText("PROPOSED");
            assertThat(birth).containsText("linux-5.10.0 (linux-5.10, FIFO-aware)");
            assertThat(birth).containsText("TWO_LEVEL");
            assertThat(birth).not().containsText("first seen mid-life");
            browser.screenshot(page, "guest-timeline");
            page.context().close();
        }
    }

    @Test
    void shouldOfferUnpinOnlyForAGuestAnOperatorPinned() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String denied = "guest-denied-" + run;
        String pinned = "guest-pinned-" + run;
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            // Given a guest the detectors denied FIFO, and one an operator pinned
            producer.send(Topics.POLICY, "instance:" + denied, FleetRecords.instanceDenial(denied, 1, Instant.now(),
                    List.of()));
            producer.send(Topics.POLICY, "instance:" + pinned, FleetRecords.operatorPin(pinned, 1, Instant.now()));

            Page page = browser.signIn(baseUrl.toString(), "operator", "operator");
            page.navigate("/guest.html?id=" + URLEncoder.encode(denied, StandardCharsets.UTF_8));
            assertThat(page.locator("#policy")).containsText("HIBERNATED_2L_IMAGE_ON_FIFO_HOST", PATIENTLY_CONTAINS);

            // Then the operator may pin the denied guest but not unpin it
            assertThat(page.locator("button[data-action=PIN]")).isVisible();
            assertThat(page.locator("button[data-action=UNPIN]")).hasCount(0);

            // And may unpin the pinned one
            page.navigate("/guest.html?id=" + URLEncoder.encode(pinned, StandardCharsets.UTF_8));
            assertThat(page.locator("#policy")).containsText("OPERATOR_PIN", PATIENTLY_CONTAINS);
            assertThat(page.locator("button[data-action=UNPIN]")).isVisible();
            browser.screenshot(page, "guest-pinned-by-operator");
            page.context().close();
        }
    }

    @Test
    void shouldLetAnOperatorPinEvtchnUpcallWithAnExpiryAndSeeTheControlAndAMidLifeBirth() throws Exception {
        String guest = "guest-upcall-" + UUID.randomUUID().toString().substring(0, 8);
        try (FleetProducer producer = new FleetProducer(bootstrapServers);
             CommandLog commands = new CommandLog(bootstrapServers)) {
            // Given a guest the dashboard first saw hibernating, not booting
            producer.send(Topics.EVENTS, guest, FleetRecords.guestHibernated("host-mid", guest, Instant.now(),
                    EvtchnAbi.TWO_LEVEL));

            Page page = browser.signIn(baseUrl.toString(), "operator", "operator");
            page.navigate("/guest.html?id=" + URLEncoder.encode(guest, StandardCharsets.UTF_8));

            // Then its birth certificate says it was first seen mid-life, on that host
            assertThat(page.locator("#birth")).containsText("first seen mid-life", PATIENTLY_CONTAINS);
            assertThat(page.locator("#birth")).containsText("host-mid");

            // When the operator pins evtchn_upcall DENY with an expiry
            page.selectOption("select[name=evtchnFifo]", "UNSET");
            page.selectOption("select[name=evtchnUpcall]", "DENY");
            page.fill("input[name=pinExpiresAt]", "2099-01-01T10:00");
            page.fill("form.card input[name=reason]", "no upcall vector for this guest");
            page.click("button[data-action=PIN]");
            assertThat(page.locator("#pin-result")).containsText("PIN sent as command", PATIENTLY_CONTAINS);

            // Then the command on fleet.commands carries both controls and the expiry
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.key()).isEqualTo(guest);
                        assertThat(w.command().getPinControls().getEvtchnFifo().name()).isEqualTo("UNSET");
                        assertThat(w.command().getPinControls().getEvtchnUpcall().name()).isEqualTo("DENY");
                        assertThat(w.command().getPinExpiresAt()).isAfter(Instant.parse("2098-12-31T00:00:00Z"));
                        assertThat(w.command().getActor()).isEqualTo("operator");
                    }));

            // When fleet-stream's pin is published, the guest page and the policies show the upcall control
            PolicyDirective pin = FleetRecords.operatorPin(guest, 1, Instant.now());
            pin.setControls(new EvtchnControls(ControlSetting.UNSET, ControlSetting.DENY));
            Instant expires = Instant.parse("2099-01-01T10:00:00Z");
            pin.setLiftCondition(new LiftCondition(LiftKind.AFTER_TIME, "at " + expires, expires));
            producer.send(Topics.POLICY, "instance:" + guest, pin);
            assertThat(page.locator("#policy")).containsText("evtchn_upcall DENY", PATIENTLY_CONTAINS);
            assertThat(page.locator("#policy")).containsText("Scope ALL_CREATES");
            assertThat(page.locator("#policy")).containsText("expires 2099-01-01 10:00:00");
            browser.screenshot(page, "guest-pinned-upcall");

            Browser.open(page, "/policies.html");
            Locator row = page.locator("tr[data-key='instance:" + guest + "']");
            assertThat(row).containsText("DENY", PATIENTLY_CONTAINS);
            assertThat(row).containsText("ALL_CREATES");
            assertThat(row).containsText("2099-01-01 10:00:00");
            browser.screenshot(page, "policies-with-upcall");
            page.context().close();
        }
    }

    @Test
    void shouldLetAnOperatorStartAbortAndRetryARolloutOfTheRealStream() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String family = "family:linux-start" + run + "@PROPOSED";
        HostAgent modern = new HostAgent("start-" + run, XenProfile.PROPOSED);
        try (FleetStreamProcess stream = FleetStreamProcess.start(bootstrapServers, Map.of());
             FleetProducer producer = new FleetProducer(bootstrapServers);
             CommandLog commands = new CommandLog(bootstrapServers)) {
            producer.send(Topics.HOSTS, modern.hostId(), modern.status());
            Page page = browser.signIn(baseUrl.toString(), "operator", "operator");
            Browser.open(page, "/rollouts.html");

            // When the operator starts a rollout for a family that has none, denying FIFO at every create
            Locator form = page.locator("#start-form");
            form.locator("input[name=familyKey]").fill(family);
            form.locator("select[name=evtchnFifo]").selectOption("DENY");
            form.locator("select[name=scope]").selectOption("ALL_CREATES");
            form.locator("input[name=reason]").fill("deny FIFO for the whole family");
            form.locator("button[data-action=START]").click();

            // Then the START is on fleet.commands, keyed by the family
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.key()).isEqualTo(family);
                        assertThat(w.command().getAction().name()).isEqualTo("START");
                        assertThat(w.command().getFamilyKey()).isEqualTo(family);
                        assertThat(w.command().getRolloutScope().name()).isEqualTo("ALL_CREATES");
                    }));
            // And fleet-stream runs rollout #1 of the family, with the scope shown
            Locator first = page.locator("article[data-rollout-id='" + family + "#1']");
            assertThat(first.locator(".phase")).hasText("RUNNING",
                    new LocatorAssertions.HasTextOptions().setTimeout(STREAM_WAIT_MS));
            assertThat(first.locator(".scope")).hasText("scope ALL_CREATES");
            assertThat(form.locator(".result")).containsText("START accepted by fleet-stream", PATIENTLY_CONTAINS);
            assertThat(first.locator("button[data-action=RETRY]")).isDisabled();
            browser.screenshot(page, "rollout-started-by-operator");

            // When the operator aborts it, the page shows why it ended and offers RETRY
            act(first, "ABORT", "wrong controls");
            assertThat(first.locator(".phase")).hasText("ABORTED", PATIENTLY);
            assertThat(first.locator(".halt-reason")).containsText("wrong controls", PATIENTLY_CONTAINS);
            assertThat(first.locator("button[data-action=RETRY]")).isEnabled();

            // When the operator retries, fleet-stream runs rollout #2 of the family
            act(first, "RETRY", "controls were right after all");
            Locator second = page.locator("article[data-rollout-id='" + family + "#2']");
            assertThat(second.locator(".phase")).hasText("RUNNING", PATIENTLY);
            assertThat(second.locator(".scope")).hasText("scope ALL_CREATES");
            assertThat(first.locator(".result")).containsText("RETRY accepted by fleet-stream", PATIENTLY_CONTAINS);
            browser.screenshot(page, "rollout-retried-by-operator");
            page.context().close();
        }
    }

    @Test
    void shouldLetAnOperatorApprovePauseAndResumeARolloutOfTheRealStream() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String family = "linux-dash" + run;
        String rolloutId = "family:" + family + "@PROPOSED#1";
        HostAgent legacy = new HostAgent("legacy-" + run, XenProfile.LEGACY_2L);
        HostAgent modern = new HostAgent("modern-" + run, XenProfile.PROPOSED);
        // The real fleet-stream, escalating a family after two hazards and waiting for an operator's approval
        try (FleetStreamProcess stream = FleetStreamProcess.start(bootstrapServers, Map.of(
                     "fleet-stream.family.escalation-threshold", "2",
                     "fleet-stream.rollout.auto-approve", "false"));
             FleetProducer producer = new FleetProducer(bootstrapServers);
             CommandLog commands = new CommandLog(bootstrapServers)) {
            // Given a FIFO host, and two guests of one family that hibernated 2-level images on a pre-4.4 host
            producer.send(Topics.HOSTS, legacy.hostId(), legacy.status());
            producer.send(Topics.HOSTS, modern.hostId(), modern.status());
            for (int i = 1; i <= 2; i++) {
                String guest = "guest-" + run + "-" + i;
                producer.send(Topics.EVENTS, guest, legacy.freshBoot(guest, i, family));
                producer.send(Topics.EVENTS, guest, legacy.booted(guest, i, EvtchnAbi.TWO_LEVEL));
                producer.send(Topics.EVENTS, guest, legacy.hibernated(guest, i, EvtchnAbi.TWO_LEVEL));
            }

            // Then fleet-stream's rollout for the family waits for approval on the operator's page
            Page page = browser.signIn(baseUrl.toString(), "operator", "operator");
            Browser.open(page, "/rollouts.html");
            Locator card = page.locator("article[data-rollout-id='" + rolloutId + "']");
            assertThat(card.locator(".phase")).hasText("AWAITING_APPROVAL",
                    new LocatorAssertions.HasTextOptions().setTimeout(STREAM_WAIT_MS));
            browser.screenshot(page, "rollout-awaiting-approval");

            // When the operator approves it, the stream runs its first wave
            act(card, "APPROVE", "two hazards are real");
            assertThat(card.locator(".phase")).hasText("RUNNING", PATIENTLY);

            // When the operator pauses it
            act(card, "PAUSE", "gate data looks wrong");

            // Then the command is on fleet.commands with the operator as actor
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commands.written())
                    .anySatisfy(w -> {
                        assertThat(w.key()).isEqualTo(rolloutId);
                        assertThat(w.command().getRolloutId()).isEqualTo(rolloutId);
                        assertThat(w.command().getAction().name()).isEqualTo("PAUSE");
                        assertThat(w.command().getActor()).isEqualTo("operator");
                        assertThat(w.command().getReason()).isEqualTo("gate data looks wrong");
                    }));
            // And the page shows the state fleet-stream published, and the action in the log
            assertThat(card.locator(".phase")).hasText("PAUSED", PATIENTLY);
            assertThat(card.locator(".result")).containsText("PAUSE accepted by fleet-stream", PATIENTLY_CONTAINS);
            assertThat(card.locator("button[data-action=RESUME]")).isEnabled();
            assertThat(card.locator("button[data-action=PAUSE]")).isDisabled();
            assertThat(page.locator("#actions")).containsText("gate data looks wrong",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(Browser.WAIT_MS));
            browser.screenshot(page, "rollout-paused-by-operator");

            // When the operator resumes it, it runs again
            act(card, "RESUME", "checked the gate");
            assertThat(card.locator(".phase")).hasText("RUNNING", PATIENTLY);
            browser.screenshot(page, "rollout-resumed-by-operator");
            page.context().close();
        }
    }

    /** Clicks an action on a rollout's card with a reason, and waits until the dashboard has sent it. */
    private static void act(Locator card, String action, String reason) {
        card.locator("input.reason").fill(reason);
        card.locator("button[data-action=" + action + "]").click();
        // fleet-stream may already have judged it by the time the page is looked at.
        assertThat(card.locator(".result")).containsText(
                Pattern.compile(action + " (sent as command|(accepted|rejected) by fleet-stream)"),
                new LocatorAssertions.ContainsTextOptions().setTimeout(Browser.WAIT_MS));
    }

    @Test
    void shouldSayARolloutCommandWasRejectedWhenFleetStreamAuditsItSo() throws Exception {
        RolloutState running = FleetRecords.rollout("linux-reject-" + UUID.randomUUID().toString().substring(0, 6),
                1, RolloutPhase.RUNNING, Instant.now());
        String rolloutId = running.getRolloutId();
        try (FleetProducer producer = new FleetProducer(bootstrapServers);
             // Standing in for fleet-stream: it names the command in the state it publishes even when it
             // rejects it, and audits the rejection.
             CommandLog commands = new CommandLog(bootstrapServers, w -> {
                 if (rolloutId.equals(w.key())) {
                     String commandId = w.command().getCommandId();
                     RolloutState unchanged = FleetRecords.rollout(running.getTarget().getSelector().getKernelFamily(),
                             1, RolloutPhase.RUNNING, Instant.now());
                     unchanged.setLastCommandId(commandId);
                     producer.send(Topics.ROLLOUTS, rolloutId, unchanged);
                     producer.send(Topics.AUDIT, rolloutId, FleetRecords.commandAudit(AuditAction.COMMAND_REJECTED,
                             rolloutId, commandId, "PAUSE rejected", "wave gate still evaluating", Instant.now()));
                 }
             })) {
            producer.send(Topics.ROLLOUTS, rolloutId, running);
            Page page = browser.signIn(baseUrl.toString(), "operator", "operator");
            Browser.open(page, "/rollouts.html");
            Locator card = page.locator("article[data-rollout-id='" + rolloutId + "']");
            assertThat(card.locator(".phase")).hasText("RUNNING", PATIENTLY);

            act(card, "PAUSE", "try a pause");

            // Then the card says fleet-stream rejected it, and why, though the state names the command
            assertThat(card.locator(".result")).containsText("PAUSE rejected by fleet-stream", PATIENTLY_CONTAINS);
            assertThat(card.locator(".result")).containsText("wave gate still evaluating");
            assertThat(card).containsText("last command", PATIENTLY_CONTAINS);
            assertThat(card.locator(".result")).not().containsText("accepted");
            assertThat(card.locator(".result")).not().containsText("applied");
            browser.screenshot(page, "rollout-command-rejected");
            page.context().close();
        }
    }

    @Test
    void shouldNotLetAViewerPauseARollout() {
        RolloutState running = FleetRecords.rollout("linux-viewer-" + UUID.randomUUID().toString().substring(0, 6),
                1, RolloutPhase.RUNNING, Instant.now());
        String rolloutId = running.getRolloutId();
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.ROLLOUTS, rolloutId, running);

            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            Browser.open(page, "/rollouts.html");
            Locator card = page.locator("article[data-rollout-id='" + rolloutId + "']");
            assertThat(card.locator(".phase")).hasText("RUNNING", PATIENTLY);

            // The viewer gets no buttons, and the API refuses the viewer's command with the same session, CSRF token
            // and all: the role decides
            assertThat(card.locator("button[data-action]")).hasCount(0);
            assertThat(page.locator("#role-note")).containsText("Read-only");
            long commandsBefore = CommandLog.endOffset(bootstrapServers);
            String token = (String) page.evaluate("async () => (await (await fetch('/api/session')).json()).csrfToken");
            APIResponse response = page.request().post("/api/rollouts/"
                            + URLEncoder.encode(rolloutId, StandardCharsets.UTF_8) + "/commands",
                    RequestOptions.create().setHeader("X-CSRF-Token", token)
                            .setData(Map.of("action", "PAUSE", "reason", "viewer tries")));
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.text()).doesNotContain("csrf");
            // The dashboard answers a command only once Kafka holds it: the topic did not grow, none was written
            assertThat(CommandLog.endOffset(bootstrapServers)).isEqualTo(commandsBefore);
            assertThat(card.locator(".phase")).hasText("RUNNING");
            browser.screenshot(page, "rollout-as-viewer");
            page.context().close();
        }
    }

    @Test
    void shouldCountDeadLettersAndRecordsTheDashboardCannotDecode() {
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            Browser.open(page, "/dead-letters.html");
            int before = number(page, "#stat-total");
            int undecodableBefore = number(page, "#stat-dashboard");

            producer.send(Topics.DEAD_LETTERS, "fleet.events", FleetRecords.deadLetter("fleet.events", Instant.now()));
            producer.sendRaw(Topics.EVENTS.name(), "guest-garbage", "not avro".getBytes(StandardCharsets.UTF_8));

            waitUntilAtLeast(page, "#stat-total", before + 1);
            waitUntilAtLeast(page, "#stat-dashboard", undecodableBefore + 1);
            assertThat(page.locator("#by-kind")).containsText("NOT_SINGLE_OBJECT");
            assertThat(page.locator("#sample")).containsText("dashboard");
            browser.screenshot(page, "dead-letters");
            page.context().close();
        }
    }

    @Test
    void shouldHighlightAStaleHostAndAnAgentWhoseOutboxIsFull() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.HOSTS, "silent-" + run, FleetRecords.hostStatus("silent-" + run,
                    Instant.now().minusSeconds(600), 0));
            producer.send(Topics.HOSTS, "busy-" + run, FleetRecords.hostStatus("busy-" + run, Instant.now(), 4));
            producer.send(Topics.HOSTS, "full-" + run, FleetRecords.outboxFullAlarm("full-" + run, Instant.now(), 7));

            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            page.navigate("/hosts.html");

            assertThat(page.locator("tr[data-host-id='silent-" + run + "']")).hasClass("stale",
                    new LocatorAssertions.HasClassOptions().setTimeout(Browser.WAIT_MS));
            assertThat(page.locator("tr[data-host-id='busy-" + run + "']")).not().hasClass("stale");
            Locator full = page.locator("tr[data-host-id='full-" + run + "']");
            assertThat(full).hasClass("alarm", new LocatorAssertions.HasClassOptions().setTimeout(Browser.WAIT_MS));
            assertThat(full).containsText("OUTBOX_FULL");
            assertThat(full).containsText("100%");
            assertThat(page.locator("tr[data-host-id='busy-" + run + "']")).not().hasClass("alarm");
            browser.screenshot(page, "hosts-with-a-stale-and-an-alarmed-agent");
            page.context().close();
        }
    }

    @Test
    void shouldFilterPoliciesByMode() {
        String guest = "guest-policy-" + UUID.randomUUID();
        try (FleetProducer producer = new FleetProducer(bootstrapServers)) {
            producer.send(Topics.POLICY, "instance:" + guest, FleetRecords.instanceDenial(guest, 2, Instant.now(),
                    List.of()));

            Page page = browser.signIn(baseUrl.toString(), "viewer", "viewer");
            Browser.open(page, "/policies.html");
            assertThat(page.locator("#policies")).containsText("instance:" + guest,
                    new LocatorAssertions.ContainsTextOptions().setTimeout(Browser.WAIT_MS));

            page.selectOption("#filter-mode", "OBSERVE");
            assertThat(page.locator("#policies")).not().containsText("instance:" + guest);
            page.selectOption("#filter-mode", "ENFORCE");
            assertThat(page.locator("#policies")).containsText("instance:" + guest);
            browser.screenshot(page, "policies-filtered-by-mode");
            page.context().close();
        }
    }

    private static int number(Page page, String selector) {
        return Integer.parseInt(page.textContent(selector).trim());
    }

    private static void waitUntilAtLeast(Page page, String selector, int expected) {
        page.waitForFunction("([selector, expected]) => Number(document.querySelector(selector).textContent) >= expected",
                List.of(selector, expected), new Page.WaitForFunctionOptions().setTimeout(Browser.WAIT_MS));
    }
}
