package io.fleetcompat.dashboard.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final CommandFactory factory = new CommandFactory(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldBuildARolloutCommandWithTheActorAndAFreshId() {
        OperatorCommand first = factory.forRollout("family:linux-5.10@PROPOSED#1",
                new CommandRequest("pause", " gate looks wrong ", null, null), "alice");
        OperatorCommand second = factory.forRollout("family:linux-5.10@PROPOSED#1",
                new CommandRequest("PAUSE", "again", null, null), "alice");

        assertThat(first.getAction()).isEqualTo(OperatorAction.PAUSE);
        assertThat(first.getRolloutId()).isEqualTo("family:linux-5.10@PROPOSED#1");
        assertThat(first.getInstanceId()).isNull();
        assertThat(first.getActor()).isEqualTo("alice");
        assertThat(first.getReason()).isEqualTo("gate looks wrong");
        assertThat(first.getIssuedAt()).isEqualTo(NOW);
        assertThat(first.getCommandId()).isNotEqualTo(second.getCommandId());
    }

    @Test
    void shouldBuildAPinWithItsControls() {
        OperatorCommand pin = factory.forGuest("guest-1", new CommandRequest("PIN", "keep 2-level", "deny", null),
                "bob");

        assertThat(pin.getInstanceId()).isEqualTo("guest-1");
        assertThat(pin.getPinControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(pin.getPinControls().getEvtchnUpcall()).isEqualTo(ControlSetting.UNSET);
    }

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "null    | because | null | action is required",
        "EXPLODE | because | null | action 'EXPLODE' is not valid for a rollout: use one of APPROVE, PAUSE",
        "START   | because | null | action 'START' is not valid for a rollout: use one of APPROVE, PAUSE, RESUME, ABORT, ROLLBACK, RETRY",
        "PIN     | because | null | action 'PIN' is not valid for a rollout",
        "PAUSE   | null    | null | reason is required",
        "PAUSE   | '  '    | null | reason is required",
        "PAUSE   | because | DENY | evtchnFifo/evtchnUpcall/pinExpiresAt apply only to PIN",
    })
    void shouldRejectABadRolloutCommandWithAMessageNamingTheProblem(String action, String reason, String fifo,
                                                                    String message) {
        assertThatThrownBy(() -> factory.forRollout("r#1", new CommandRequest(action, reason, fifo, null), "alice"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "PIN   | null  | PIN needs evtchnFifo (one of UNSET, PERMIT, DENY)",
        "PIN   | maybe | evtchnFifo 'maybe' is not one of UNSET, PERMIT, DENY",
        "UNPIN | DENY  | UNPIN lifts the pin",
        "PAUSE | null  | action 'PAUSE' is not valid for a guest: use one of PIN, UNPIN",
    })
    void shouldRejectABadGuestCommandWithAMessageNamingTheProblem(String action, String fifo, String message) {
        assertThatThrownBy(() -> factory.forGuest("g", new CommandRequest(action, "because", fifo, null), "bob"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldBuildAStartForAFamilyWithItsControlsAndScope() {
        OperatorCommand start = factory.forFamily("family:linux-5.10@PROPOSED", new CommandRequest("start",
                "protect the 2-level images", "DENY", null, null, "resumes_of_2l_images"), "alice");

        assertThat(start.getAction()).isEqualTo(OperatorAction.START);
        assertThat(start.getFamilyKey()).isEqualTo("family:linux-5.10@PROPOSED");
        assertThat(start.getRolloutId()).isNull();
        assertThat(start.getRolloutControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(start.getRolloutControls().getEvtchnUpcall()).isEqualTo(ControlSetting.UNSET);
        assertThat(start.getRolloutScope()).isEqualTo(DirectiveScope.RESUMES_OF_2L_IMAGES);
        assertThat(start.getPinControls()).isNull();
        assertThat(start.getActor()).isEqualTo("alice");
    }

    @Test
    void shouldLeaveTheControlsAndScopeToFleetStreamWhenAStartNamesNone() {
        OperatorCommand start = factory.forFamily("family:linux-5.10@PROPOSED",
                new CommandRequest("START", "again", null, null), "alice");

        assertThat(start.getRolloutControls()).as("null: fleet-stream's default, deny evtchn_fifo").isNull();
        assertThat(start.getRolloutScope()).as("null: fleet-stream's configured scope").isNull();
    }

    @Test
    void shouldBuildARetryOfAnEndedRollout() {
        OperatorCommand retry = factory.forRollout("family:linux-5.10@PROPOSED#1",
                new CommandRequest("RETRY", "the rollback was a false alarm", null, null), "alice");

        assertThat(retry.getAction()).isEqualTo(OperatorAction.RETRY);
        assertThat(retry.getRolloutId()).isEqualTo("family:linux-5.10@PROPOSED#1");
        assertThat(retry.getFamilyKey()).isNull();
    }

    @Test
    void shouldBuildAPinWithEvtchnUpcallAndAnExpiry() {
        OperatorCommand pin = factory.forGuest("guest-1", new CommandRequest("PIN", "no upcall vector", "UNSET",
                "deny", "2026-11-25T12:00:00Z", null), "bob");

        assertThat(pin.getPinControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
        assertThat(pin.getPinControls().getEvtchnUpcall()).isEqualTo(ControlSetting.DENY);
        assertThat(pin.getPinExpiresAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    }

    @ParameterizedTest(name = "{0} {1} / {2} / {3} / {4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "PAUSE | family:linux-5.10@PROPOSED | null  | null  | null          | action 'PAUSE' is not valid for a family: use one of START",
        "START | linux-5.10                 | null  | null  | null          | family key 'linux-5.10' is not family:<kernel_family>@<XEN_PROFILE>",
        "START | family:linux-5.10@XEN99    | null  | null  | null          | with a Xen profile of LEGACY_2L",
        "START | family:@PROPOSED           | null  | null  | null          | family key 'family:@PROPOSED' is not",
        "START | family:linux-5.10@PROPOSED | UNSET | UNSET | null          | both UNSET: the rollout would set no control",
        "START | family:linux-5.10@PROPOSED | maybe | null  | null          | evtchnFifo 'maybe' is not one of UNSET, PERMIT, DENY",
        "START | family:linux-5.10@PROPOSED | DENY  | null  | RESUME_OF_IMAGE | scope 'RESUME_OF_IMAGE' is not one of ALL_CREATES, RESUMES_OF_2L_IMAGES",
        "START | family:linux-5.10@PROPOSED | DENY  | null  | everywhere    | scope 'everywhere' is not one of",
    })
    void shouldRejectABadStartWithAMessageNamingTheProblem(String action, String familyKey, String fifo, String upcall,
                                                          String scope, String message) {
        assertThatThrownBy(() -> factory.forFamily(familyKey, new CommandRequest(action, "because", fifo, upcall,
                null, scope), "alice"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "PIN   | tomorrow             | pinExpiresAt 'tomorrow' is not an ISO-8601 instant",
        "PIN   | 2026-11-25T09:59:59Z | is not in the future",
        "PIN   | 2026-11-25T10:00:00Z | is not in the future",
        "UNPIN | 2026-11-26T10:00:00Z | UNPIN lifts the pin; it takes no evtchnFifo/evtchnUpcall/pinExpiresAt",
    })
    void shouldRejectABadPinExpiry(String action, String expiresAt, String message) {
        assertThatThrownBy(() -> factory.forGuest("g", new CommandRequest(action, "because",
                action.equals("PIN") ? "DENY" : null, null, expiresAt, null), "bob"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRejectAScopeOnAPinAndAnExpiryOrScopeOnARolloutCommand() {
        assertThatThrownBy(() -> factory.forGuest("g", new CommandRequest("PIN", "x", "DENY", null, null,
                "ALL_CREATES"), "bob")).hasMessageContaining("scope applies only to START");
        assertThatThrownBy(() -> factory.forRollout("r#1", new CommandRequest("RETRY", "x", null, null,
                "2026-11-26T10:00:00Z", null), "bob")).hasMessageContaining("RETRY takes an action and a reason");
        assertThatThrownBy(() -> factory.forRollout("r#1", new CommandRequest("RETRY", "x", null, null, null,
                "ALL_CREATES"), "bob")).hasMessageContaining("scope only to START");
        assertThatThrownBy(() -> factory.forFamily("family:linux-5.10@PROPOSED", new CommandRequest("START", "x",
                null, null, "2026-11-26T10:00:00Z", null), "bob")).hasMessageContaining("pinExpiresAt applies only to PIN");
    }

    @Test
    void shouldRejectAMissingBody() {
        assertThatThrownBy(() -> factory.forGuest("g", null, "bob"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("request body is required");
    }
}
