package io.fleetcompat.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable cohort of a host for staged rollouts. Agents and fleet-stream must agree on it without
 * talking, and a restart must never reshuffle hosts between waves, so it is a pure function of the
 * host id: the first 8 bytes of SHA-256(host id, UTF-8) as an unsigned fraction in [0, 1).
 * A host is inside a wave (or a directive's cohort) when {@code bucketOf(hostId) < fraction}.
 */
public final class HostCohorts {

    private static final double TWO_TO_THE_64 = 0x1.0p64;

    private HostCohorts() {
    }

    /** The host's position in [0, 1); the same for the same host id on every JVM and every run. */
    public static double bucketOf(String hostId) {
        byte[] digest = sha256(hostId.getBytes(StandardCharsets.UTF_8));
        long high = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (digest[i] & 0xFF);
        }
        // Unsigned long to double in [0, 1): shift out the sign bit's ambiguity.
        double unsigned = (high >>> 1) * 2.0 + (high & 1);
        return unsigned / TWO_TO_THE_64;
    }

    /** Whether the host applies something rolled out to the given cumulative fraction of hosts. */
    public static boolean inCohort(String hostId, double fraction) {
        return fraction >= 1.0 || bucketOf(hostId) < fraction;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
