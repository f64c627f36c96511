package io.fleetcompat.dashboard.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.dashboard.command.CommandFactory;
import io.fleetcompat.dashboard.command.CommandRequest;
import io.fleetcompat.dashboard.fixtures.FleetRecords;
import io.fleetcompat.dashboard.view.ActionEntry;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionLogTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final CommandFactory factory = new CommandFactory(Clock.fixed(NOW, ZoneOffset.UTC));
    private final ActionLog log = new ActionLog(10);

    private OperatorCommand guestCommand(String action) {
        return factory.forGuest("guest-1", new CommandRequest(action, "ops ticket 7",
                action.equals("PIN") ? "DENY" : null, null), "operator");
    }

    private static String verdictOf(ActionLog log, String commandId) {
        return log.recent().stream().filter(e -> e.commandId().equals(commandId)).findFirst()
                .map(ActionEntry::verdict).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({"PIN, POLICY_ISSUED", "UNPIN, POLICY_LIFTED", "PIN, COMMAND_ACCEPTED"})
    void shouldCountThePolicyAGuestCommandIssuedOrLiftedAsItsAcceptance(String action, AuditAction audited) {
        OperatorCommand command = guestCommand(action);
        log.onCommand(command);

        boolean verdict = log.onAudit(FleetRecords.commandAudit(audited, "instance:guest-1", command.getCommandId(),
                "deny evtchn_fifo for instance guest-1 (version 3, ENFORCE)", "pinned by operator", NOW));

        assertThat(verdict).isTrue();
        assertThat(verdictOf(log, command.getCommandId())).isEqualTo("ACCEPTED");
    }

    @Test
    void shouldNameAStartsFamilyAsItsTargetAndTakeFleetStreamsVerdict() {
        OperatorCommand start = factory.forFamily("family:linux-5.10@PROPOSED", new CommandRequest("START",
                "protect the family", "DENY", null), "operator");
        log.onCommand(start);

        log.onAudit(FleetRecords.commandAudit(AuditAction.COMMAND_ACCEPTED, "family:linux-5.10@PROPOSED#2",
                start.getCommandId(), "START accepted: family:linux-5.10@PROPOSED#2", "protect the family", NOW));

        ActionEntry entry = log.recent().get(0);
        assertThat(entry.action()).isEqualTo("START");
        assertThat(entry.target()).isEqualTo("family:linux-5.10@PROPOSED");
        assertThat(entry.verdict()).isEqualTo("ACCEPTED");
    }

    @Test
    void shouldTakeAnAcceptanceAuditedBeforeTheCommandWasRead() {
        OperatorCommand command = guestCommand("UNPIN");

        log.onAudit(FleetRecords.commandAudit(AuditAction.POLICY_LIFTED, "instance:guest-1", command.getCommandId(),
                "unset evtchn_fifo", "unpinned by operator", NOW));
        log.onCommand(command);

        assertThat(verdictOf(log, command.getCommandId())).isEqualTo("ACCEPTED");
    }

    @Test
    void shouldRecordARejectionWithItsReason() {
        OperatorCommand command = guestCommand("UNPIN");
        log.onCommand(command);

        log.onAudit(FleetRecords.commandAudit(AuditAction.COMMAND_REJECTED, "instance:guest-1",
                command.getCommandId(), "UNPIN rejected: instance guest-1 is not pinned", "ops ticket 7", NOW));

        ActionEntry entry = log.recent().get(0);
        assertThat(entry.verdict()).isEqualTo("REJECTED");
        assertThat(entry.verdictDetail()).isEqualTo("UNPIN rejected: instance guest-1 is not pinned: ops ticket 7");
    }

    @Test
    void shouldIgnoreAPolicyIssuedByADetectorAndAuditsOfOtherKinds() {
        OperatorCommand command = guestCommand("PIN");
        log.onCommand(command);

        assertThat(log.onAudit(FleetRecords.commandAudit(AuditAction.POLICY_ISSUED, "instance:guest-1", null,
                "deny evtchn_fifo", "resume hung", NOW))).isFalse();
        assertThat(log.onAudit(FleetRecords.commandAudit(AuditAction.HAZARD_DETECTED, "instance:guest-1",
                command.getCommandId(), "hazard", "2-level image", NOW))).isFalse();
        assertThat(verdictOf(log, command.getCommandId())).isEqualTo(ActionLog.PENDING);
    }
}
