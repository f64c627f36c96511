package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.replay.Replay;
import io.fleetcompat.stream.replay.StateDump;
import io.fleetcompat.stream.support.BrokerClients;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetBroker;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.support.StreamsProps;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import io.fleetcompat.stream.support.TestPolicyKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real broker: events in -> policies out -> acks and creates back -> the rollout advances; then a restart
 * with an empty state directory restores from the changelogs and issues no duplicate version; then a replay
 * under a fresh application id rebuilds the same state.
 */
class FleetStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APP_ID = "fleet-stream-it";
    private static final FleetStreamConfig CONFIG = FleetStreamConfig.defaults().withEscalationThreshold(2)
            .withAutoApprove(true).withRollout(List.of(0.5, 1.0), 2, GateFailureAction.PAUSE);

    private static FleetBroker kafka;
    private static BrokerClients clients;

    @BeforeAll
    static void startBroker() {
        kafka = FleetBroker.start(t -> 3);
        clients = kafka.clients();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaStreams start() throws Exception {
        Properties props = StreamsProps.exactlyOnce(APP_ID, kafka.bootstrapServers());
        KafkaStreams streams = new KafkaStreams(FleetTopology.build(CONFIG, TestPolicyKeys.SIGNER), props);
        streams.start();
        return streams;
    }

    private static void hibernateOnLegacy(SimHost legacy, String guest, int domid, List<EventHeader> sent) {
        EventHeader h1 = legacy.next();
        EventHeader h2 = legacy.next();
        EventHeader h3 = legacy.next();
        sent.addAll(List.of(h1, h2, h3));
        clients.send(Topics.EVENTS, guest, Events.freshBoot(h1, guest, domid));
        clients.send(Topics.EVENTS, guest, Events.booted(h2, guest, domid, EvtchnAbi.TWO_LEVEL));
        clients.send(Topics.EVENTS, guest, Events.hibernated(h3, guest, domid, EvtchnAbi.TWO_LEVEL));
    }

    private static boolean hasFamilyVersion(List<PolicyDirective> ds, long version) {
        return ds.stream().anyMatch(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY && d.getVersion() == version);
    }

    @Test
    void shouldDecideRollOutRestartWithoutDuplicatesAndReplayToTheSameState() throws Exception {
        SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
        SimHost legacy = new SimHost("it-legacy", XenProfile.LEGACY_2L, true, clock);
        SimHost modern = new SimHost("it-modern", XenProfile.PROPOSED, true, clock);
        List<EventHeader> legacyHeaders = new ArrayList<>();

        // Given a running fleet-stream and two announced hosts
        KafkaStreams streams = start();
        clients.send(Topics.HOSTS, legacy.id(), legacy.status());
        clients.send(Topics.HOSTS, modern.id(), modern.status());
        // ... and a fleet.hosts record that is not a HostStatus (dead-lettered by the global store's producer)
        SimHost broken = new SimHost("it-broken", XenProfile.PROPOSED, true, clock);
        clients.send(Topics.HOSTS, broken.id(), Events.freshBoot(broken.next(), "it-nobody", 99));

        // When two guests hibernate 2-level images (two hazards: the family escalates and auto-approves)
        hibernateOnLegacy(legacy, "it-guest-1", 1, legacyHeaders);
        hibernateOnLegacy(legacy, "it-guest-2", 2, legacyHeaders);

        // Then both get instance denials and the family gets wave 0
        List<PolicyDirective> policies = clients.readUntil(Topics.POLICY, ds -> hasFamilyVersion(ds, 1)
                && ds.stream().filter(d -> d.getTarget().getKind() == PolicyTargetKind.INSTANCE).count() == 2, WAIT);
        PolicyDirective wave0 = policies.stream().filter(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY)
                .findFirst().orElseThrow();
        assertThat(wave0.getCohortFraction()).isEqualTo(0.5);
        DeadLetter hostLetter = clients.readUntil(Topics.DEAD_LETTERS, ls -> ls.stream()
                .anyMatch(l -> "fleet.hosts".equals(l.getSourceTopic())), WAIT).stream()
                .filter(l -> "fleet.hosts".equals(l.getSourceTopic())).findFirst().orElseThrow();
        assertThat(hostLetter.getErrorKind()).isEqualTo(DeadLetterErrorKind.UNEXPECTED_TYPE);

        // When agents ack the directive and create two domains under it
        String familyKey = PolicyTargetKeys.keyOf(wave0.getTarget());
        // (resumes of 2-level images on a host in wave 0's cohort: what a rollout of that scope speaks for)
        SimHost cohortHost = new SimHost(hostInCohort(wave0.getCohortFraction()), XenProfile.PROPOSED, true, clock);
        clients.send(Topics.HOSTS, cohortHost.id(), cohortHost.status());
        for (int i = 0; i < 2; i++) {
            String guest = "it-new-" + i;
            DomainCreated resume = Events.created(cohortHost.next(), guest, 10 + i, CreateKind.RESUME_FROM_HIBERNATION,
                    wave0.getControls().getEvtchnFifo(), familyKey, wave0.getVersion());
            resume.setImageId("image-" + guest);
            resume.setImageShutdownAbi(EvtchnAbi.TWO_LEVEL);
            clients.send(Topics.EVENTS, guest, resume);
            clients.send(Topics.EVENTS, guest, Events.ack(cohortHost.next(), wave0, AckOutcome.APPLIED, guest, 10 + i));
        }

        // Then the rollout advances to wave 1 with version 2 at the full cohort
        clients.readUntil(Topics.POLICY, ds -> hasFamilyVersion(ds, 2), WAIT);
        clients.readUntil(Topics.ROLLOUTS, rs -> !rs.isEmpty()
                && rs.get(rs.size() - 1).getCurrentWave() != null && rs.get(rs.size() - 1).getCurrentWave() == 1, WAIT);

        // When it-guest-2 resumes its image on the modern host under its own directive, bound to that image
        PolicyDirective denial2 = policies.stream().filter(d -> "it-guest-2".equals(d.getTarget().getInstanceId()))
                .findFirst().orElseThrow();
        assertThat(denial2.getScope()).isEqualTo(DirectiveScope.RESUME_OF_IMAGE);
        clients.send(Topics.EVENTS, "it-guest-2", Events.resumeOf(modern.next(), "it-guest-2", 20,
                denial2.getImageId(), EvtchnAbi.TWO_LEVEL, ControlSetting.DENY, "instance:it-guest-2",
                denial2.getVersion(), EdgeFailsafeOutcome.NOT_APPLICABLE));
        clients.send(Topics.EVENTS, "it-guest-2", Events.resumed(modern.next(), "it-guest-2", 20, true,
                denial2.getImageId()));

        // Then its denial is lifted: the image it protected is consumed
        clients.readUntil(Topics.POLICY, ds -> ds.stream().anyMatch(d -> "it-guest-2".equals(
                d.getTarget().getInstanceId()) && d.getVersion() == 2 && d.getReason().getCode() == PolicyReasonCode.LIFTED
                && ("image " + denial2.getImageId() + " consumed").equals(d.getReason().getText())), WAIT);

        // When the application restarts from an empty state directory and agents replay their outbox
        streams.close(Duration.ofSeconds(30));
        streams = start();
        String g1 = "it-guest-1";
        clients.send(Topics.EVENTS, g1, Events.hibernated(legacyHeaders.get(2), g1, 1, EvtchnAbi.TWO_LEVEL));
        // ... and a third guest hazard gives a marker: once its directive is out, the replayed one was processed
        List<EventHeader> more = new ArrayList<>();
        hibernateOnLegacy(legacy, "it-guest-3", 3, more);
        List<PolicyDirective> after = clients.readUntil(Topics.POLICY, ds -> ds.stream().anyMatch(d ->
                "it-guest-3".equals(d.getTarget().getInstanceId())), WAIT);

        // Then no (target, version) was ever issued twice and the restored state kept the old versions
        Set<String> seen = new HashSet<>();
        for (PolicyDirective d : after) {
            assertThat(seen.add(PolicyTargetKeys.keyOf(d.getTarget()) + " v" + d.getVersion()))
                    .as("duplicate directive %s v%s", PolicyTargetKeys.keyOf(d.getTarget()), d.getVersion()).isTrue();
        }
        assertThat(after).filteredOn(d -> "it-guest-1".equals(d.getTarget().getInstanceId())).hasSize(1);
        StateDump live = awaitStable(streams);
        assertThat(live.guests().get(g1).duplicatesDropped()).isEqualTo(1);
        assertThat(live.families().get(familyKey).rollout().phase()).isEqualTo(RolloutPhase.RUNNING);

        // When the state is rebuilt from the event topics under a fresh application id
        StateDump rebuilt = Replay.run(kafka.bootstrapServers(), "fleet-stream-replay-it", CONFIG, WAIT);
        streams.close(Duration.ofSeconds(30));

        // Then every guest state is equal, and each family has the same evidence, versions and rollout
        assertThat(rebuilt.guests()).isEqualTo(live.guests());
        assertThat(rebuilt.families().keySet()).isEqualTo(live.families().keySet());
        live.families().forEach((key, family) -> {
            var replayed = rebuilt.families().get(key);
            assertThat(replayed.evidence().buckets()).as(key).isEqualTo(family.evidence().buckets());
            assertThat(replayed.lastVersion()).as(key).isEqualTo(family.lastVersion());
            if (family.rollout() != null) {
                assertThat(replayed.rollout().phase()).isEqualTo(family.rollout().phase());
                assertThat(replayed.rollout().policyVersion()).isEqualTo(family.rollout().policyVersion());
                assertThat(replayed.rollout().waves()).extracting(w -> w.status() + "/" + w.createsObserved())
                        .isEqualTo(family.rollout().waves().stream().map(w -> w.status() + "/" + w.createsObserved())
                                .toList());
            }
        });
    }

    /** The live instance's state once two reads a second apart agree (it has caught up). */
    private static StateDump awaitStable(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        StateDump previous = null;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            if (streams.state() != KafkaStreams.State.RUNNING) {
                continue;
            }
            StateDump now = StateDump.of(streams);
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("live state did not settle within " + WAIT);
    }

    /** A host id inside a cohort of that fraction of hosts. */
    private static String hostInCohort(double fraction) {
        for (int i = 0; ; i++) {
            if (HostCohorts.inCohort("it-cohort-" + i, fraction)) {
                return "it-cohort-" + i;
            }
        }
    }
}
