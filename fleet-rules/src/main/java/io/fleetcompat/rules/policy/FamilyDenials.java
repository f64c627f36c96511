package io.fleetcompat.rules.policy;

import io.fleetcompat.rules.detect.Finding;
import io.fleetcompat.rules.detect.GuestDetectors;
import io.fleetcompat.rules.guest.GuestState;
import java.util.List;
import java.util.Optional;

/** The rules of family denials as a guest task sees them: which version is held, whom they touch, and when. */
public final class FamilyDenials {

    private FamilyDenials() {
    }

    /** What to hold after {@code directive}; empty when it is not newer than the version held (nothing changes). */
    public static Optional<FamilyDenial> next(FamilyDenial held, FamilyDirectiveView directive) {
        if (held != null && directive.version() <= held.version()) {
            return Optional.empty();
        }
        return Optional.of(FamilyDenial.after(held, directive));
    }

    /** The guest's pending image is FIFO and a directive in force denies its kernel family FIFO. */
    public static Optional<Finding> findingFor(GuestState guest, FamilyDenialsView denials) {
        if (guest.kernel() == null) {
            return Optional.empty();
        }
        List<String> keys = denials.denying(guest.kernel().family()).stream().map(FamilyDenial::familyKey).toList();
        return GuestDetectors.fifoImageUnderFamilyDenial(guest, keys);
    }

    /**
     * When a permit for the guest's FIFO image is decided: the later of the hibernation and the start of the
     * earliest denial of its family in force. The same time whichever the task saw first, the hibernation or the
     * directive, so live and replay agree on the directive and its audit.
     */
    public static long permitAt(GuestState guest, FamilyDenialsView denials) {
        long since = denials.denying(guest.kernel().family()).stream().mapToLong(FamilyDenial::since).min()
                .orElse(Long.MIN_VALUE);
        return Math.max(guest.image().writtenAt(), since);
    }
}
