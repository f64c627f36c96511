package io.fleetcompat.dashboard.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.schema.avro.ControlSetting;
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
        "PIN     | because | null | action 'PIN' is not valid for a rollout",
        "PAUSE   | null    | null | reason is required",
        "PAUSE   | '  '    | null | reason is required",
        "PAUSE   | because | DENY | evtchnFifo/evtchnUpcall apply only to PIN",
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
    void shouldRejectAMissingBody() {
        assertThatThrownBy(() -> factory.forGuest("g", null, "bob"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("request body is required");
    }
}
