package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.bridge.EmitTally;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.SimulationSummary;
import java.util.Locale;

/** The end-of-run text of {@code simulate}: the simulator's summary, then what became of its events. */
final class SimulationReport {

    private SimulationReport() {
    }

    static String format(Scenario scenario, long seed, SimulatedFleet.PolicySource policySource,
                         SimulationSummary s, EmitTally.Counts emitted, OutboxDrain.Result drain) {
        StringBuilder out = new StringBuilder();
        line(out, "[simulate] done: scenario %s, seed %d, %d hosts, %d guests, %d steps (%d idle) in %.1f s",
                scenario.name(), seed, scenario.hostCount(), scenario.guestCount(), s.steps(), s.idleSteps(),
                s.wallTime().toMillis() / 1000.0);
        line(out, "  policy source: %s", policySource == SimulatedFleet.PolicySource.KAFKA_TABLE
                ? "fleet.policy (the agent's policy table)" : "offline authority (in-process, --offline-policy)");
        line(out, "  operations: %s", s.operations());
        line(out, "  records: %d %s", s.events(), s.eventsByKind());
        SimulationSummary.ResumeOutcomes r = s.resumes();
        line(out, "  resumes: healthy %d, failed %d (under policy %d, without policy %d; in control group %d, "
                        + "outside %d)", r.healthy(), r.failed(), r.failedUnderPolicy(), r.failedWithoutPolicy(),
                r.failedInControlGroup(), r.failedOutsideControlGroup());
        line(out, "  create refusals: %d", s.refusals());
        line(out, "  guests by state: %s", s.guestsByState());
        for (SimulationSummary.Wave w : s.waves()) {
            line(out, "  wave %s at step %d: %d hosts retired, %d guests migrated, %d stopped, %d re-homed",
                    w.name(), w.atStep(), w.hostsRetired(), w.migrated(), w.stopped(), w.rehomed());
        }
        line(out, "  outbox: %d events queued, %d hypercall results sampled out, %d refused", emitted.queued(),
                emitted.sampledOut(), emitted.refused());
        line(out, "  outbox %s: %d pending after %.1f s", drain.drained() ? "drained" : "NOT drained", drain.pending(),
                drain.waited().toMillis() / 1000.0);
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
