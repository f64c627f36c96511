package io.fleetcompat.rules.policy;

/**
 * The latest directive of one family key as a guest task knows it: its version, and since when the key has
 * denied evtchn_fifo without a break ({@code since} is null when the latest version does not deny).
 */
public record FamilyDenial(String familyKey, String kernelFamily, long version, Long since) {

    public boolean denying() {
        return since != null;
    }

    /** The next state after {@code directive}; the start of a denial is kept across its later waves. */
    public static FamilyDenial after(FamilyDenial held, FamilyDirectiveView directive) {
        Long since = !directive.deniesFifo() ? null
                : held != null && held.denying() ? held.since() : Long.valueOf(directive.issuedAt());
        return new FamilyDenial(directive.familyKey(), directive.kernelFamily(), directive.version(), since);
    }
}
