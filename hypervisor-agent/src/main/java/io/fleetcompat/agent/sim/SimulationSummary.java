package io.fleetcompat.agent.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run did: steps and operations, records emitted per kind, resume outcomes, refusals, where the guests
 * ended up, and the retirement waves. {@code wallTime} is the only field that differs between runs of a seed.
 */
public record SimulationSummary(long steps, long idleSteps, Map<String, Long> operations, long events,
                                Map<String, Long> eventsByKind, ResumeOutcomes resumes, long refusals,
                                Map<String, Integer> guestsByState, List<Wave> waves, Duration wallTime) {

    public SimulationSummary {
        operations = Map.copyOf(operations);
        eventsByKind = Map.copyOf(eventsByKind);
        guestsByState = Map.copyOf(guestsByState);
        waves = List.copyOf(waves);
    }

    /**
     * Hibernation resumes: healthy ones, and failures split two ways: whether a directive decided the
     * domain's flags, and whether the guest is in the control group.
     */
    public record ResumeOutcomes(long healthy, long failedUnderPolicy, long failedWithoutPolicy,
                                 long failedInControlGroup, long failedOutsideControlGroup) {
        public long failed() {
            return failedUnderPolicy + failedWithoutPolicy;
        }
    }

    /** One retirement wave: hosts retired, running guests migrated, guests stopped, images and guests re-homed. */
    public record Wave(String name, long atStep, int hostsRetired, int migrated, int stopped, int rehomed) {
    }

    public long eventsOf(String kind) {
        return eventsByKind.getOrDefault(kind, 0L);
    }
}
