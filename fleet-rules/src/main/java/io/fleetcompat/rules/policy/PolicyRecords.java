package io.fleetcompat.rules.policy;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builders for the records fleet-stream writes. Ids are name-based UUIDs of what they identify and times
 * come from event time, never the wall clock: replaying the same events rebuilds byte-equal output.
 */
public final class PolicyRecords {

    private PolicyRecords() {
    }

    public static PolicyTarget instanceTarget(String instanceId) {
        return PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).setInstanceId(instanceId).build();
    }

    /** evtchn_fifo only; evtchn_upcall left to the toolstack (the detectors manage evtchn_fifo alone). */
    public static EvtchnControls fifo(ControlSetting setting) {
        return controls(setting, ControlSetting.UNSET);
    }

    /** Both controls, as an operator's pin or a START's rollout controls set them. */
    public static EvtchnControls controls(ControlSetting fifo, ControlSetting upcall) {
        return new EvtchnControls(fifo, upcall);
    }

    public static String stableId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static AuditRecord audit(AuditAction action, String subject, String decision, String reason, String actor,
                                    long at, List<String> evidence, Long version, String rolloutId,
                                    String commandId) {
        return AuditRecord.newBuilder()
                .setAuditId(stableId(subject, action.name(), decision, Long.toString(at),
                        commandId == null ? "" : commandId))
                .setAction(action)
                .setSubject(subject)
                .setDecision(decision)
                .setReason(reason)
                .setActor(actor)
                .setDecidedAt(Instant.ofEpochMilli(at))
                .setEvidenceEventIds(List.copyOf(evidence))
                .setPolicyVersion(version)
                .setRolloutId(rolloutId)
                .setCommandId(commandId)
                .build();
    }
}
