package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.ActionEntry;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.OperatorCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator actions as read back from fleet.commands (whoever wrote them: this dashboard, another instance,
 * the CLI), each with the actor the command carries and fleet-stream's audited verdict once it arrives.
 */
public final class ActionLog {

    public static final String PENDING = "PENDING";

    private record Verdict(String verdict, String detail) {
    }

    private final Map<String, ActionEntry> byCommandId;
    /** Verdicts audited before their command was read (the topics are not ordered against each other). */
    private final Map<String, Verdict> earlyVerdicts;

    public ActionLog(int maxEntries) {
        this.byCommandId = bounded(maxEntries);
        this.earlyVerdicts = bounded(maxEntries);
    }

    public synchronized void onCommand(OperatorCommand c) {
        Verdict early = earlyVerdicts.remove(c.getCommandId());
        String target = c.getRolloutId() != null ? c.getRolloutId()
                : c.getInstanceId() != null ? c.getInstanceId() : c.getFamilyKey();
        byCommandId.put(c.getCommandId(), new ActionEntry(c.getCommandId(), c.getIssuedAt().toEpochMilli(),
                c.getActor(), c.getAction().name(), target, c.getReason(),
                early == null ? PENDING : early.verdict(), early == null ? null : early.detail()));
    }

    /**
     * Returns true when the record is a verdict on a command. fleet-stream audits an accepted guest PIN as the
     * policy it issued (POLICY_ISSUED) and an accepted UNPIN as the one it lifted (POLICY_LIFTED), each with the
     * command id, rather than as COMMAND_ACCEPTED.
     */
    public synchronized boolean onAudit(AuditRecord a) {
        String verdict = verdictOf(a);
        if (verdict == null) {
            return false;
        }
        String detail = a.getDecision() + (a.getReason().isBlank() ? "" : ": " + a.getReason());
        ActionEntry entry = byCommandId.get(a.getCommandId());
        if (entry == null) {
            earlyVerdicts.put(a.getCommandId(), new Verdict(verdict, detail));
        } else {
            byCommandId.put(a.getCommandId(), new ActionEntry(entry.commandId(), entry.issuedAt(), entry.actor(),
                    entry.action(), entry.target(), entry.reason(), verdict, detail));
        }
        return true;
    }

    private static String verdictOf(AuditRecord a) {
        if (a.getCommandId() == null) {
            return null;
        }
        return switch (a.getAction()) {
            case COMMAND_ACCEPTED, POLICY_ISSUED, POLICY_LIFTED -> "ACCEPTED";
            case COMMAND_REJECTED -> "REJECTED";
            default -> null;
        };
    }

    /** Newest first. */
    public synchronized List<ActionEntry> recent() {
        List<ActionEntry> entries = new ArrayList<>(byCommandId.values());
        Collections.reverse(entries);
        return entries;
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
