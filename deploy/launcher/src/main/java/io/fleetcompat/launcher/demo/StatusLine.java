package io.fleetcompat.launcher.demo;

import io.fleetcompat.launcher.report.DemoReport;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The once-a-second line: elapsed time, event rate and totals, policy flow, resumes, and each child's state. */
final class StatusLine {

    private long lastEvents;

    String next(Duration elapsed, DemoReport now, List<ChildProcess> children) {
        long rate = Math.max(0, now.events() - lastEvents);
        lastEvents = now.events();
        String processes = children.stream().map(StatusLine::state).collect(Collectors.joining(" "));
        return String.format("[%4ds] events %d (%d/s) | hazards %d | policies %d acks %d | waves %d | resumes ok %d "
                        + "(protected: directive %d, edge %d), failed protected %d control %d | lifted %d | "
                        + "dead letters %d | %s",
                elapsed.toSeconds(), now.events(), rate, now.hazardsPredicted(), now.policiesIssued(), now.policyAcks(),
                now.rolloutWavesCompleted(), now.resumesSucceeded(), now.resumesProtectedByDirective(),
                now.resumesProtectedAtEdge(), now.resumeFailuresProtected(), now.resumeFailuresControlGroup(),
                now.denialsLifted(), now.deadLetters(), processes);
    }

    private static String state(ChildProcess child) {
        String state = child.isAlive() ? "up" : child.failed() ? "DEAD" : "done";
        return child.label() + ":" + state;
    }
}
