package io.fleetcompat.dashboard.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.dashboard.fixtures.DefaultDashboardConfig;
import io.fleetcompat.dashboard.fixtures.FleetRecords;
import io.fleetcompat.dashboard.view.BirthView;
import io.fleetcompat.dashboard.view.SeriesPoint;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.RolloutPhase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:05Z");
    private final FleetViews views = new FleetViews(new DefaultDashboardConfig(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldChartTheHazardsFleetStreamFoundAndNotJudgeImagesItself() {
        // Given two 2-level hibernations, of which fleet-stream audited one as a hazard
        views.onEvent(FleetRecords.domainCreated("host-1", "aware", NOW, true));
        views.onEvent(FleetRecords.domainCreated("host-1", "legacy", NOW, false));
        views.onEvent(FleetRecords.guestHibernated("host-1", "aware", NOW, EvtchnAbi.TWO_LEVEL));
        views.onEvent(FleetRecords.guestHibernated("host-1", "legacy", NOW, EvtchnAbi.TWO_LEVEL));
        views.onAudit(FleetRecords.commandAudit(AuditAction.HAZARD_DETECTED, "aware", null,
                "hazard (predictive): resume would hang on a FIFO-capable host", "2-level image", NOW));
        views.onAudit(FleetRecords.commandAudit(AuditAction.POLICY_ISSUED, "instance:aware", null, "deny", "hazard",
                NOW));
        views.onEvent(FleetRecords.guestResumeFailed("host-2", "aware", NOW));

        // Then the chart counts that one hazard, the failure and every event
        List<SeriesPoint> series = views.series().points();
        assertThat(series).hasSize(1);
        assertThat(series.get(0).hazards()).isEqualTo(1);
        assertThat(series.get(0).failures()).isEqualTo(1);
        assertThat(series.get(0).events()).isEqualTo(5);
        assertThat(views.eventsTotal()).isEqualTo(5);
    }

    @Test
    void shouldShowTheBirthCertificateOfAGuestBornUnderTheDashboardsEyes() {
        views.onEvent(FleetRecords.domainCreated("host-1", "born", NOW, true));
        views.onEvent(FleetRecords.guestBooted("host-1", "born", NOW.plusSeconds(1), EvtchnAbi.FIFO));
        views.onEvent(FleetRecords.guestBooted("host-2", "born", NOW.plusSeconds(9), EvtchnAbi.TWO_LEVEL));

        BirthView birth = views.guests().find("born").orElseThrow().birth();
        assertThat(birth.hostId()).isEqualTo("host-1");
        assertThat(birth.xenProfile()).isEqualTo("PROPOSED");
        assertThat(birth.hostFifoBuiltIn()).isTrue();
        assertThat(birth.kernel()).isEqualTo("linux-5.10.0");
        assertThat(birth.kernelFamily()).isEqualTo("linux-5.10");
        assertThat(birth.abi()).as("the ABI of the first boot, not of a later one").isEqualTo("FIFO");
        assertThat(birth.bornAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(birth.fifoAware()).isTrue();
        assertThat(birth.firstSeenMidLife()).isFalse();
    }

    @Test
    void shouldMarkAGuestFirstSeenMidLifeFromItsFirstEventEvenAfterItsDirective() {
        // A directive read first is no event of the guest: its first event is still the hibernation
        views.onPolicy("instance:midlife", FleetRecords.instanceDenial("midlife", 1, NOW, List.of()));
        views.onEvent(FleetRecords.guestHibernated("host-3", "midlife", NOW, EvtchnAbi.TWO_LEVEL));
        views.onEvent(FleetRecords.domainCreated("host-4", "midlife", NOW.plusSeconds(5), false));

        BirthView birth = views.guests().find("midlife").orElseThrow().birth();
        assertThat(birth.firstSeenMidLife()).isTrue();
        assertThat(birth.hostId()).isEqualTo("host-3");
        assertThat(birth.kernel()).as("a hibernation names no kernel").isNull();
        assertThat(birth.abi()).isEqualTo("UNKNOWN");
        assertThat(views.guests().find("nobody")).isEmpty();
    }

    @Test
    void shouldHaveNoBirthCertificateForAGuestKnownOnlyByItsDirective() {
        views.onPolicy("instance:only-policy", FleetRecords.instanceDenial("only-policy", 1, NOW, List.of()));

        assertThat(views.guests().find("only-policy").orElseThrow().birth()).isNull();
    }

    @Test
    void shouldPutAnInstanceDirectiveOnItsGuestsTimeline() {
        views.onEvent(FleetRecords.domainCreated("host-1", "guest-1", NOW, true));
        views.onPolicy("instance:guest-1", FleetRecords.instanceDenial("guest-1", 4, NOW, List.of("e-1")));

        var timeline = views.guests().find("guest-1").orElseThrow().entries();
        assertThat(timeline).extracting(e -> e.kind()).containsExactly("DomainCreated", "PolicyDirective");
        assertThat(timeline.get(1).policyVersion()).isEqualTo(4L);
        assertThat(views.policies().forInstance("guest-1")).hasValueSatisfying(p ->
                assertThat(p.evidenceEventIds()).containsExactly("e-1"));
    }

    @Test
    void shouldPlaceADirectiveReadBeforeTheEventsItFollowsByItsTime() {
        // On a replay fleet.policy may be read before fleet.events
        views.onPolicy("instance:guest-1", FleetRecords.instanceDenial("guest-1", 1, NOW, List.of()));
        views.onEvent(FleetRecords.domainCreated("host-1", "guest-1", NOW.minusSeconds(60), true));
        views.onEvent(FleetRecords.guestResumeFailed("host-2", "guest-1", NOW.minusSeconds(10)));

        assertThat(views.guests().find("guest-1").orElseThrow().entries()).extracting(e -> e.kind())
                .containsExactly("DomainCreated", "GuestResumeFailed", "PolicyDirective");
    }

    @Test
    void shouldIgnoreAnOlderDirectiveVersionLikeAgentsDo() {
        views.onPolicy("instance:guest-1", FleetRecords.instanceDenial("guest-1", 5, NOW, List.of()));
        views.onPolicy("instance:guest-1", FleetRecords.instanceDenial("guest-1", 4, NOW, List.of()));

        assertThat(views.policies().forInstance("guest-1")).hasValueSatisfying(p ->
                assertThat(p.version()).isEqualTo(5L));
    }

    @Test
    void shouldRaiseAHostWhoseOutboxIsFullAndShowHowFull() {
        // Given a quiet host, and one whose agent alarmed that its outbox is full and refused 12 events
        views.onHost("quiet", FleetRecords.hostStatus("quiet", NOW, 1));
        views.onHost("full", FleetRecords.outboxFullAlarm("full", NOW, 12));

        // When the hosts are listed
        var hosts = views.hosts().view(10);

        // Then the alarmed one comes first, with its alarm, its fill and what it refused
        assertThat(hosts.alarmed()).isEqualTo(1);
        var full = hosts.hosts().get(0);
        assertThat(full.hostId()).isEqualTo("full");
        assertThat(full.alarmed()).isTrue();
        assertThat(full.alarm()).isEqualTo("OUTBOX_FULL");
        assertThat(full.outboxFillPercent()).isEqualTo(100.0);
        assertThat(full.eventsRefused()).isEqualTo(12);
        var quiet = hosts.hosts().get(1);
        assertThat(quiet.alarmed()).isFalse();
        assertThat(quiet.outboxFillPercent()).isNull();
    }

    @Test
    void shouldMarkAHostStaleWhenItsHeartbeatIsOld() {
        views.onHost("fresh", FleetRecords.hostStatus("fresh", NOW.minusSeconds(5), 3));
        views.onHost("silent", FleetRecords.hostStatus("silent", NOW.minusSeconds(300), 2));

        var hosts = views.hosts().view(10);
        assertThat(hosts.stale()).isEqualTo(1);
        assertThat(hosts.hosts().get(0).hostId()).isEqualTo("silent");
        assertThat(hosts.hosts().get(0).heartbeatAgeSeconds()).isEqualTo(300);
        assertThat(views.hosts().guestsRunning()).isEqualTo(5);
    }

    @Test
    void shouldOfferExactlyTheActionsFleetStreamPublishesForTheRollout() {
        views.onRollout("r", FleetRecords.rollout("linux-5.10", 1, RolloutPhase.RUNNING, NOW));
        views.onRollout("r", FleetRecords.rollout("linux-5.10", 2, RolloutPhase.PAUSED, NOW));

        assertThat(views.rollouts().find("family:linux-5.10@PROPOSED#1").orElseThrow().allowedActions())
                .containsExactly("PAUSE", "ABORT", "ROLLBACK");
        assertThat(views.rollouts().find("family:linux-5.10@PROPOSED#2").orElseThrow().allowedActions())
                .containsExactly("RESUME", "ABORT", "ROLLBACK");
        assertThat(views.rollouts().activeCount()).isEqualTo(2);
    }

    @Test
    void shouldTellWhichViewsChangedOnceOnly() {
        views.onHost("h", FleetRecords.hostStatus("h", NOW, 1));

        assertThat(views.changes().drain()).containsExactly(ChangeTracker.HOSTS, ChangeTracker.OVERVIEW);
        assertThat(views.changes().drain()).isEmpty();
    }
}
