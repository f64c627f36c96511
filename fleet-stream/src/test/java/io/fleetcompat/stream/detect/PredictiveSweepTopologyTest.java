package io.fleetcompat.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guests that hibernated 2-level before any FIFO-capable host existed are decided once one joins. */
class PredictiveSweepTopologyTest {

    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults().withSweep(INTERVAL, 2));

    @AfterEach
    void close() {
        fleet.close();
    }

    /** Three guests hibernate 2-level on a legacy-only fleet: no directive, nothing to resume on yet. */
    private void hibernatedOnLegacyOnlyFleet() {
        fleet.announce(fleet.legacy);
        for (int i = 1; i <= 3; i++) {
            fleet.bornOnLegacyAndHibernated("guest-" + i, i);
        }
        fleet.advanceWallClock(INTERVAL);
        assertThat(fleet.directives()).isEmpty();
    }

    @Test
    void shouldDenyHibernatedGuestsInBoundedBatchesOnceTheFirstFifoCapableHostJoins() {
        hibernatedOnLegacyOnlyFleet();

        fleet.announce(fleet.modern);
        fleet.advanceWallClock(INTERVAL);
        List<PolicyDirective> first = fleet.directives();
        fleet.advanceWallClock(INTERVAL);
        List<PolicyDirective> second = fleet.directives();
        fleet.advanceWallClock(INTERVAL);

        assertThat(first).extracting(d -> d.getTarget().getInstanceId()).containsExactly("guest-1", "guest-2");
        assertThat(second).extracting(d -> d.getTarget().getInstanceId()).containsExactly("guest-3");
        assertThat(fleet.directives()).isEmpty();
        assertThat(first.get(0).getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(first.get(0).getReason().getCode()).isEqualTo(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
        assertThat(first.get(0).getEvidenceEventIds()).contains(SimHost.eventIdOf("host-legacy", 4));
        assertThat(fleet.guest("guest-3").policy().evtchnFifo()).isEqualTo(ControlSetting.DENY);
    }

    @Test
    void shouldAuditEachSweptHazardOnce() {
        hibernatedOnLegacyOnlyFleet();
        fleet.announce(fleet.modern);
        for (int i = 0; i < 4; i++) {
            fleet.advanceWallClock(INTERVAL);
        }

        List<AuditRecord> hazards = fleet.audit.readValuesToList().stream()
                .filter(a -> a.getAction() == AuditAction.HAZARD_DETECTED).toList();
        assertThat(hazards).extracting(AuditRecord::getSubject).containsExactly("guest-1", "guest-2", "guest-3");
    }

    @Test
    void shouldLeaveGuestsWithAPolicyHistoryToTheirOwnEvents() {
        fleet.announce(fleet.legacy);
        fleet.bornOnLegacyAndHibernated("guest-1", 1);
        fleet.command("guest-1", Events.command("c-1", OperatorAction.PIN, null, "guest-1", ControlSetting.PERMIT,
                fleet.clock.tick()));
        fleet.directives();

        fleet.announce(fleet.modern);
        fleet.advanceWallClock(INTERVAL);

        assertThat(fleet.directives()).isEmpty();
        assertThat(fleet.guest("guest-1").policy().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
    }
}
