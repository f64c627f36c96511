package io.fleetcompat.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.EdgeFailsafeModes;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.agent.host.RecordingListener;
import io.fleetcompat.schema.avro.CreateKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator is deterministic per seed, drives the §8 hazard through waves, and the policy prevents it. */
class SimulatorTest {

    private static final Scenario SMALL = ScenarioFiles.resource(ScenarioFiles.SMALL);

    @Test
    void shouldEmitTheSameRecordsForTheSameSeed() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();

        Simulator.offline(SMALL, 11, first).run(RunLimit.steps(600), Pacing.UNPACED);
        Simulator.offline(SMALL, 11, second).run(RunLimit.steps(600), Pacing.UNPACED);

        assertThat(first.events()).hasSizeGreaterThan(600);
        assertThat(second.events()).isEqualTo(first.events());
    }

    @Test
    void shouldEmitDifferentRecordsForADifferentSeed() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();

        Simulator.offline(SMALL, 11, first).run(RunLimit.steps(600), Pacing.UNPACED);
        Simulator.offline(SMALL, 12, second).run(RunLimit.steps(600), Pacing.UNPACED);

        assertThat(second.events()).isNotEqualTo(first.events());
    }

    @Test
    void shouldContinueTheSameSequenceAcrossRunCalls() {
        RecordingListener once = new RecordingListener();
        RecordingListener twice = new RecordingListener();

        Simulator.offline(SMALL, 3, once).run(RunLimit.steps(400), Pacing.UNPACED);
        Simulator split = Simulator.offline(SMALL, 3, twice);
        split.run(RunLimit.steps(150), Pacing.UNPACED);
        split.run(RunLimit.steps(250), Pacing.UNPACED);

        assertThat(twice.events()).isEqualTo(once.events());
    }

    @Test
    void shouldFailOnlyControlGroupResumesWhenThePolicyProtectsHibernatedGuests() {
        // Given the demo scenario, with the offline authority denying FIFO to 2-level hibernations
        Scenario demo = ScenarioFiles.resource(ScenarioFiles.DEMO);
        RecordingListener events = new RecordingListener();
        Simulator sim = Simulator.offline(demo, 42, events);

        // When the fleet runs past the retirement wave (step 15000) long enough for many resumes
        SimulationSummary summary = sim.run(RunLimit.steps(30_000), Pacing.UNPACED);

        // Then the wave moved the legacy fleet, and resumes failed only in the control group
        assertThat(summary.waves()).singleElement().satisfies(w -> assertThat(w.hostsRetired()).isEqualTo(100));
        assertThat(summary.resumes().healthy()).isPositive();
        assertThat(summary.resumes().failedOutsideControlGroup()).isZero();
        assertThat(summary.resumes().failedInControlGroup()).isPositive();
        assertThat(summary.resumes().failedUnderPolicy()).isZero();
        Set<String> failed = events.ofType(HostEvent.GuestResumeFailed.class).stream()
                .map(HostEvent.GuestResumeFailed::instanceId).collect(Collectors.toSet());
        assertThat(failed).allMatch(sim::inControlGroup);
        // And every failure happened on a modern host, after the wave
        assertThat(events.ofType(HostEvent.GuestResumeFailed.class))
                .allMatch(f -> f.host().hostId().startsWith("modern-"));
    }

    @Test
    void shouldFailResumesOfEveryFifoAwareGuestHibernatedOnLegacyWithoutPolicyOrFailsafe() {
        RecordingListener events = new RecordingListener();

        SimulationSummary summary = Simulator.create(SMALL, 5, PolicyLookup.NONE, EdgeFailsafe.OFF, events)
                .run(RunLimit.steps(1_500), Pacing.UNPACED);

        assertThat(summary.resumes().failedWithoutPolicy()).isPositive();
        assertThat(summary.resumes().failedOutsideControlGroup()).isPositive();
        assertThat(summary.eventsOf("PolicyAck")).isZero();
    }

    @Test
    void shouldProtectEveryGuestButTheControlGroupAtTheEdgeWithoutAnyPolicy() {
        // Given no control plane at all: no directive ever reaches the hosts
        RecordingListener events = new RecordingListener();
        Simulator sim = Simulator.create(SMALL, 5, PolicyLookup.NONE, EdgeFailsafeModes.DEFAULTS, events);

        // When the fleet runs through its retirement wave
        SimulationSummary summary = sim.run(RunLimit.steps(1_500), Pacing.UNPACED);

        // Then only the control group (whose fail-safe is off) shows the failure, and the edge did the protecting
        assertThat(summary.resumes().failedOutsideControlGroup()).isZero();
        assertThat(events.ofType(HostEvent.GuestResumeFailed.class)).extracting(f -> f.instanceId())
                .allMatch(sim::inControlGroup);
        assertThat(events.ofType(HostEvent.DomainCreated.class))
                .filteredOn(c -> c.edgeFailsafe() == EdgeFailsafeOutcome.DENIED_FIFO).isNotEmpty()
                .allSatisfy(c -> assertThat(sim.inControlGroup(c.instanceId())).isFalse());
    }

    @Test
    void shouldLeaveEveryImageAtRestForTheScenariosMinimumBeforeResumingIt() {
        // Given the small fleet at 100 ops/s, with images resting at least 2 simulated seconds (200 steps)
        Scenario.Rates r = SMALL.rates();
        Scenario rested = new Scenario(SMALL.name(), SMALL.seed(), SMALL.hosts(), SMALL.guests(),
                new Scenario.Rates(r.opsPerSecond(), r.boot(), r.hibernate(), r.migrate(), r.resume(), r.destroy(),
                        r.checkpoint(), 2.0), SMALL.retirementWaves(), SMALL.controlGroupFraction(), SMALL.hypercalls());
        RecordingListener events = new RecordingListener();

        Simulator.create(rested, 5, PolicyLookup.NONE, events).run(RunLimit.steps(3_000), Pacing.UNPACED);

        // Then resumes happened, each at least 2 s of event time after the guest's latest hibernation
        Map<String, Long> hibernatedAt = new HashMap<>();
        List<Long> rests = new ArrayList<>();
        for (HostEvent e : events.events()) {
            if (e instanceof HostEvent.GuestHibernated h) {
                hibernatedAt.put(h.instanceId(), h.eventTimeMillis());
            } else if (e instanceof HostEvent.DomainCreated c
                    && c.createKind() == CreateKind.RESUME_FROM_HIBERNATION) {
                rests.add(c.eventTimeMillis() - hibernatedAt.get(c.instanceId()));
            }
        }
        assertThat(rests).isNotEmpty().allMatch(rest -> rest >= 2_000);
    }

    @Test
    void shouldResumeEveryImageOfTheRaceWithinItsMaximumRestAndProtectItAtTheEdge() {
        // Given the race: images rest 0-2 s, the legacy hosts retire at 4 s, and no control plane answers in time
        Scenario race = ScenarioFiles.byNameOrPath("race");
        RecordingListener events = new RecordingListener();
        Simulator sim = Simulator.create(race, 7, PolicyLookup.NONE, events);

        // When 20 simulated seconds run
        sim.run(RunLimit.steps(5_000), Pacing.UNPACED);

        // Then every resume came within 2 s (plus the step it waited for its turn) of its hibernation
        Map<String, Long> hibernatedAt = new HashMap<>();
        List<Long> rests = new ArrayList<>();
        for (HostEvent e : events.events()) {
            if (e instanceof HostEvent.GuestHibernated h) {
                hibernatedAt.put(h.instanceId(), h.eventTimeMillis());
            } else if (e instanceof HostEvent.DomainCreated c && c.createKind() == CreateKind.RESUME_FROM_HIBERNATION) {
                rests.add(c.eventTimeMillis() - hibernatedAt.get(c.instanceId()));
            }
        }
        assertThat(rests).hasSizeGreaterThan(500).allMatch(rest -> rest <= 2_000 + 4);
        // And 2-level images met FIFO hosts: the edge protected them, only the control group hung
        assertThat(events.ofType(HostEvent.DomainCreated.class))
                .filteredOn(c -> c.edgeFailsafe() == EdgeFailsafeOutcome.DENIED_FIFO).hasSizeGreaterThan(50);
        assertThat(events.ofType(HostEvent.GuestResumeFailed.class)).isNotEmpty()
                .allMatch(f -> sim.inControlGroup(f.instanceId()));
    }

    @Test
    void shouldRefuseAMaximumRestBelowTheMinimum() {
        assertThatThrownBy(() -> new Scenario.Rates(100, 1, 1, 1, 1, 1, 1, 3.0, 2.0))
                .hasMessageContaining("rates.maxHibernatedSeconds must not be below minHibernatedSeconds");
    }

    @Test
    void shouldRefuseANegativeMinimumRest() {
        assertThatThrownBy(() -> new Scenario.Rates(100, 1, 1, 1, 1, 1, 1, -1.0))
                .hasMessageContaining("rates.minHibernatedSeconds must not be negative");
    }

    @Test
    void shouldRunTwoHundredHostsAndFiveThousandGuestsInMemory() {
        Scenario demo = ScenarioFiles.resource(ScenarioFiles.DEMO);
        assertThat(demo.hostCount()).isEqualTo(200);
        assertThat(demo.guestCount()).isEqualTo(5_000);

        SimulationSummary summary = Simulator.offline(demo, 1, event -> { }).run(RunLimit.steps(20_000),
                Pacing.UNPACED);

        assertThat(summary.steps()).isEqualTo(20_000);
        assertThat(summary.guestsByState().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5_000);
        long creates = summary.eventsOf("DomainCreated");
        long destroys = summary.eventsOf("DomainDestroyed");
        long running = summary.guestsByState().get("RUNNING_LINUX") + summary.guestsByState().get("RUNNING_WINDOWS")
                + summary.guestsByState().get("HUNG");
        assertThat(creates - destroys).isEqualTo(running);
        assertThat(summary.operations().get("BOOT")).isEqualTo(summary.eventsOf("GuestBooted"));
    }

    @Test
    void shouldNameTheKeyOfAnInvalidScenario(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\":\"x\",\"hosts\":[{\"name\":\"h\",\"profile\":\"XEN_2020\",\"count\":1,"
                + "\"fifoBuiltIn\":false}],\"guests\":[],\"rates\":{\"opsPerSecond\":1,\"boot\":1}}");

        assertThatThrownBy(() -> ScenarioFiles.read(file)).hasMessageContaining("hosts[h].fifoBuiltIn");
    }

    @Test
    void shouldRejectAnUnknownKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("typo.json");
        Files.writeString(file, "{\"name\":\"x\",\"hosts\":[{\"name\":\"h\",\"profile\":\"XEN_2020\",\"count\":1}],"
                + "\"guests\":[],\"rates\":{\"opsPerSecond\":1,\"boot\":1},\"controlGroup\":0.1}");

        assertThatThrownBy(() -> ScenarioFiles.read(file)).hasMessageContaining("controlGroup");
    }
}
