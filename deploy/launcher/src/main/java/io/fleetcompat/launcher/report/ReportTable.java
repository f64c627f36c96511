package io.fleetcompat.launcher.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report as an aligned two-column table for the terminal. */
public final class ReportTable {

    private ReportTable() {
    }

    public static String render(DemoReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("hosts", report.hosts()));
        rows.add(row("guests", report.guests()));
        rows.add(row("events", report.events()));
        rows.add(row("hazards predicted", report.hazardsPredicted()));
        rows.add(row("resumes succeeded", report.resumesSucceeded()));
        rows.add(row("resumes unhealthy", report.resumesUnhealthy()));
        rows.add(row("protected guests (FIFO-aware, hibernated 2-level)", report.protectedGuests()));
        rows.add(row("resume failures among protected guests", report.resumeFailuresProtected()));
        rows.add(row("resumes protected by a directive", report.resumesProtectedByDirective()));
        rows.add(row("resumes protected at the edge (agent fail-safe)", report.resumesProtectedAtEdge()));
        rows.add(row("denials lifted", report.denialsLifted()));
        rows.add(row("guests back on FIFO (booted FIFO after a lift)", report.guestsBackOnFifo()));
        rows.add(row("control group guests (policy withheld)", report.controlGroupGuests()));
        rows.add(row("resume failures in the control group", report.resumeFailuresControlGroup()));
        rows.add(row("other resume failures (not a 2-level image)", report.resumeFailuresOther()));
        rows.add(row("resume failures with / without policy", report.resumeFailuresWithPolicy() + " / "
                + report.resumeFailuresWithoutPolicy()));
        rows.add(row("policies issued (instance / family)", report.policiesIssued() + " ("
                + report.instancePolicies() + " / " + report.familyPolicies() + ")"));
        rows.add(row("policies applied", report.policiesApplied()));
        rows.add(row("policies withheld (control group, acked ADVISED)", report.policiesWithheld()));
        rows.add(row("policy acks", report.policyAcks()));
        rows.add(row("acks rejected (instance / family)", report.instanceAcksRejected() + " / "
                + report.familyAcksRejected()));
        rows.add(row("instance policies acknowledged", (report.allInstancePoliciesAcknowledged() ? "all"
                : report.instancePoliciesUnacknowledged() + " missing") + " (" + report.instancePoliciesPending()
                + " pending: no create they speak for since; " + report.instancePoliciesAfterResume()
                + " arrived after their image had resumed)"));
        rows.add(row("detection to application p50 / p99", millis(report.detectionToApplicationP50Ms()) + " / "
                + millis(report.detectionToApplicationP99Ms()) + " (" + report.latencySamples() + " samples)"));
        rows.add(row("rollouts", report.rollouts()));
        rows.add(row("rollout waves completed", report.rolloutWavesCompleted()));
        rows.add(row("audit records", report.auditRecords()));
        rows.add(row("dead letters", report.deadLetters() + byKind(report.deadLettersByKind())));
        rows.add(row("undecodable records", report.undecodable() + byKind(report.undecodableByTopic())));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder table = new StringBuilder("fleetcompat demo report\n");
        for (String[] r : rows) {
            table.append("  ").append(r[0]).append(" ".repeat(width - r[0].length())).append("  ").append(r[1]).append('\n');
        }
        return table.toString();
    }

    private static String[] row(String label, Object value) {
        return new String[] {label, String.valueOf(value)};
    }

    private static String millis(Long value) {
        return value == null ? "-" : value + " ms";
    }

    private static String byKind(Map<String, Long> counts) {
        return counts.isEmpty() ? "" : " " + counts;
    }
}
