package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.WaveStatus;
import java.util.List;

/**
 * One wave of a rollout: its host fraction, the directive version that carries it, and what happened under
 * that version (creates, resumes, port-limit failures, acks) until its gates were evaluated.
 *
 * @param progressClock wall-clock time the wave started, resumed or last counted a create: its progress deadline
 *                      runs from there (null in waves written before the deadline existed)
 */
public record WaveProgress(int index, double hostFraction, Long version, int createsObserved, WaveStatus status,
                           int resumesUnder, int resumeFailuresUnder, int portLimitUnder, int acks, int rejectedAcks,
                           List<GateOutcome> gates, Long startedAt, Long completedAt, Long progressClock) {

    public WaveProgress {
        gates = List.copyOf(gates);
    }

    public static WaveProgress pending(int index, double hostFraction) {
        return new WaveProgress(index, hostFraction, null, 0, WaveStatus.PENDING, 0, 0, 0, 0, 0, List.of(), null, null,
                null);
    }

    public WaveProgress started(long version, long at, long clock) {
        return new WaveProgress(index, hostFraction, version, 0, WaveStatus.ACTIVE, 0, 0, 0, 0, 0, List.of(), at, null,
                clock);
    }

    /**
     * The wave again, after an operator resumed it from a failed gate, under the same version: creates, resumes and
     * port-limit failures start over (new ones keep coming), but its acks stay, as agents ack a version once:
     * cleared, the rejected-acks gate would read INSUFFICIENT_DATA and pass.
     */
    public WaveProgress restarted(long at, long clock) {
        return new WaveProgress(index, hostFraction, version, 0, WaveStatus.ACTIVE, 0, 0, 0, acks, rejectedAcks,
                List.of(), at, null, clock);
    }

    public WaveProgress counted(int creates, int resumes, int resumeFailures, int portLimit, int ackCount,
                                int rejected) {
        return new WaveProgress(index, hostFraction, version, createsObserved + creates, status,
                resumesUnder + resumes, resumeFailuresUnder + resumeFailures, portLimitUnder + portLimit,
                acks + ackCount, rejectedAcks + rejected, gates, startedAt, completedAt, progressClock);
    }

    /** Progress at wall-clock {@code clock}: a counted create, or the wave running again after a pause. */
    public WaveProgress progressedAt(long clock) {
        return new WaveProgress(index, hostFraction, version, createsObserved, status, resumesUnder,
                resumeFailuresUnder, portLimitUnder, acks, rejectedAcks, gates, startedAt, completedAt, clock);
    }

    public WaveProgress finished(WaveStatus result, List<GateOutcome> evaluated, long at) {
        return new WaveProgress(index, hostFraction, version, createsObserved, result, resumesUnder,
                resumeFailuresUnder, portLimitUnder, acks, rejectedAcks, evaluated, startedAt, at, progressClock);
    }
}
