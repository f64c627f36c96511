package io.fleetcompat.rules.rollout;

import io.fleetcompat.rules.detect.FamilySignal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of one kernel family x Xen profile in event-time buckets (bounded), from which windowed counts and
 * rates are read: hazards, §8 failures, resumes, creates and port-limit failures.
 */
public record FamilyEvidence(List<Bucket> buckets, List<String> recentEvidence) {

    public static final FamilyEvidence EMPTY = new FamilyEvidence(List.of(), List.of());
    /** Hazard and failure event ids kept to justify an escalation. */
    public static final int MAX_RECENT_EVIDENCE = 20;

    public FamilyEvidence {
        buckets = List.copyOf(buckets);
        recentEvidence = List.copyOf(recentEvidence);
    }

    public record Bucket(long start, int creates, int hazards, int signatureFailures, int resumesOk,
                         int resumesFailed, int portLimitFailures) {

        Bucket plus(FamilySignal.Kind kind) {
            return new Bucket(start,
                    creates + (kind == FamilySignal.Kind.CREATE ? 1 : 0),
                    hazards + (kind == FamilySignal.Kind.HAZARD ? 1 : 0),
                    signatureFailures + (kind == FamilySignal.Kind.SIGNATURE_FAILURE ? 1 : 0),
                    resumesOk + (kind == FamilySignal.Kind.RESUME_OK ? 1 : 0),
                    resumesFailed + (kind == FamilySignal.Kind.RESUME_FAILED ? 1 : 0),
                    portLimitFailures + (kind == FamilySignal.Kind.PORT_LIMIT ? 1 : 0));
        }

        Bucket plus(Bucket other) {
            return new Bucket(start, creates + other.creates, hazards + other.hazards,
                    signatureFailures + other.signatureFailures, resumesOk + other.resumesOk,
                    resumesFailed + other.resumesFailed, portLimitFailures + other.portLimitFailures);
        }

        /** Resume failures / resumes; NaN-free: 0 when there were no resumes. */
        public double resumeFailureRate() {
            int resumes = resumesOk + resumesFailed;
            return resumes == 0 ? 0.0 : (double) resumesFailed / resumes;
        }
    }

    public FamilyEvidence record(FamilySignal signal, long bucketMs, int bucketsKept) {
        if (signal.kind() == FamilySignal.Kind.ACK || signal.kind() == FamilySignal.Kind.IMAGE_CONFLICT) {
            return this;
        }
        long start = Math.floorDiv(signal.at(), bucketMs) * bucketMs;
        List<Bucket> next = new ArrayList<>(buckets);
        int i = indexOf(next, start);
        if (i >= 0) {
            next.set(i, next.get(i).plus(signal.kind()));
        } else {
            next.add(new Bucket(start, 0, 0, 0, 0, 0, 0).plus(signal.kind()));
            next.sort(Comparator.comparingLong(Bucket::start));
        }
        while (next.size() > bucketsKept) {
            next.remove(0);
        }
        List<String> evidence = new ArrayList<>(recentEvidence);
        if (signal.kind() == FamilySignal.Kind.HAZARD || signal.kind() == FamilySignal.Kind.SIGNATURE_FAILURE) {
            evidence.add(signal.eventId());
            while (evidence.size() > MAX_RECENT_EVIDENCE) {
                evidence.remove(0);
            }
        }
        return new FamilyEvidence(next, evidence);
    }

    /** Sum of the buckets that overlap (now - window, now]. */
    public Bucket window(long now, long windowMs, long bucketMs) {
        Bucket sum = new Bucket(now - windowMs, 0, 0, 0, 0, 0, 0);
        for (Bucket b : buckets) {
            if (b.start() + bucketMs > now - windowMs && b.start() <= now) {
                sum = sum.plus(b);
            }
        }
        return sum;
    }

    private static int indexOf(List<Bucket> list, long start) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).start() == start) {
                return i;
            }
        }
        return -1;
    }
}
