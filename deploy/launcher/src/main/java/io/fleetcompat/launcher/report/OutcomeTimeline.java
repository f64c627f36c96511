package io.fleetcompat.launcher.report;

import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.rules.cohort.ControlGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The demo's outcome over time, by event time: how many hazards were predicted and policies applied, and how
 * many resumes failed inside and outside the control group. The report's totals say whether the policy worked;
 * the curves say when, and whether protection kept up with the hazards.
 */
public final class OutcomeTimeline {

    /** One curve of the timeline; {@link #label} is what the chart's legend says. */
    public enum Series {
        HAZARDS_PREDICTED("hazards predicted"),
        POLICIES_APPLIED("creates that applied a policy (APPLIED acks)"),
        PROTECTED_AT_EDGE("resumes protected at the edge (agent fail-safe)"),
        HEALTHY_RESUMES("healthy resumes"),
        FAILURES_CONTROL_GROUP("resume failures, control group (policy withheld)"),
        FAILURES_OUTSIDE_CONTROL_GROUP("resume failures, everyone else");

        public final String label;

        Series(String label) {
            this.label = label;
        }
    }

    /** Cumulative counts of every series at the end of each bucket, from the first bucket with a record. */
    public record Cumulative(Instant start, Duration bucket, Map<Series, long[]> counts) {

        public int buckets() {
            return counts.values().stream().mapToInt(c -> c.length).findFirst().orElse(0);
        }

        public long total(Series series) {
            long[] c = counts.get(series);
            return c.length == 0 ? 0 : c[c.length - 1];
        }
    }

    private final ControlGroup controlGroup;
    private final Duration bucket;
    /** Per bucket index since the epoch: count per series. Sparse: a quiet stretch costs nothing. */
    private final TreeMap<Long, EnumMap<Series, Long>> buckets = new TreeMap<>();

    public OutcomeTimeline(ControlGroup controlGroup, Duration bucket) {
        if (bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("bucket must be positive, was " + bucket);
        }
        this.controlGroup = controlGroup;
        this.bucket = bucket;
    }

    /** Counts one decoded record; records that are none of the series' are ignored. */
    public void accept(SpecificRecord record) {
        if (record instanceof GuestResumeFailed failed) {
            add(controlGroup.test(failed.getInstanceId()) ? Series.FAILURES_CONTROL_GROUP
                    : Series.FAILURES_OUTSIDE_CONTROL_GROUP, failed.getHeader().getEventTime());
        } else if (record instanceof GuestResumed resumed && resumed.getHealthy()) {
            add(Series.HEALTHY_RESUMES, resumed.getHeader().getEventTime());
        } else if (record instanceof DomainCreated created
                && created.getEdgeFailsafe() == EdgeFailsafeOutcome.DENIED_FIFO) {
            add(Series.PROTECTED_AT_EDGE, created.getHeader().getEventTime());
        } else if (record instanceof PolicyAck ack && ack.getOutcome() == AckOutcome.APPLIED && ack.getDomain() != null) {
            add(Series.POLICIES_APPLIED, ack.getHeader().getEventTime());
        } else if (record instanceof PolicyDirective directive && isPrediction(directive)) {
            add(Series.HAZARDS_PREDICTED, directive.getIssuedAt());
        }
    }

    /** The same predictive denials the report counts as hazards. */
    private static boolean isPrediction(PolicyDirective directive) {
        return directive.getTarget().getKind() == PolicyTargetKind.INSTANCE
                && directive.getReason().getCode() == PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST
                && directive.getControls().getEvtchnFifo() == ControlSetting.DENY;
    }

    private void add(Series series, Instant at) {
        long index = Math.floorDiv(at.toEpochMilli(), bucket.toMillis());
        buckets.computeIfAbsent(index, i -> new EnumMap<>(Series.class)).merge(series, 1L, Long::sum);
    }

    public Cumulative cumulative() {
        Map<Series, long[]> counts = new EnumMap<>(Series.class);
        if (buckets.isEmpty()) {
            for (Series s : Series.values()) {
                counts.put(s, new long[0]);
            }
            return new Cumulative(Instant.EPOCH, bucket, counts);
        }
        long first = buckets.firstKey();
        int length = (int) (buckets.lastKey() - first + 1);
        for (Series s : Series.values()) {
            long[] c = new long[length];
            long running = 0;
            for (int i = 0; i < length; i++) {
                EnumMap<Series, Long> b = buckets.get(first + i);
                running += b == null ? 0 : b.getOrDefault(s, 0L);
                c[i] = running;
            }
            counts.put(s, c);
        }
        return new Cumulative(Instant.ofEpochMilli(first * bucket.toMillis()), bucket, counts);
    }

    /** One row per bucket: seconds since the start, then each series' cumulative count. */
    public static String csv(Cumulative timeline) {
        StringBuilder out = new StringBuilder("seconds");
        List<Series> series = new ArrayList<>(List.of(Series.values()));
        series.forEach(s -> out.append(',').append(s.name().toLowerCase()));
        out.append('\n');
        for (int i = 0; i < timeline.buckets(); i++) {
            out.append((i + 1) * timeline.bucket().toSeconds());
            for (Series s : series) {
                out.append(',').append(timeline.counts().get(s)[i]);
            }
            out.append('\n');
        }
        return out.toString();
    }
}
