package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.stream.detect.Finding;
import io.fleetcompat.stream.detect.GuestDetectors;
import io.fleetcompat.stream.policy.FamilyDenial;
import io.fleetcompat.stream.policy.FamilyDirectiveView;
import io.fleetcompat.stream.state.GuestState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A guest task's copy of the family directives, over {@code family-denials-store} (family key -> latest version
 * seen). Family directives are few and guests many, so each directive is copied to every guest task rather than
 * each guest asking the family's task: a guest's decision then reads only its own task's stores.
 */
final class FamilyDenials {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, FamilyDenial> store;

    FamilyDenials(KeyValueStore<String, FamilyDenial> store) {
        this.store = store;
    }

    /** Records a directive; false when it is not newer than the version held (nothing changed). */
    boolean apply(FamilyDirectiveView directive) {
        FamilyDenial held = store.get(directive.familyKey());
        if (held != null && directive.version() <= held.version()) {
            return false;
        }
        store.put(directive.familyKey(), FamilyDenial.after(held, directive));
        return true;
    }

    /** The family keys (one per Xen profile) denying evtchn_fifo to a kernel family, in key order. */
    List<String> denyingKeys(String kernelFamily) {
        List<String> keys = new ArrayList<>();
        for (FamilyDenial denial : denialsOf(kernelFamily)) {
            keys.add(denial.familyKey());
        }
        return keys;
    }

    /** The guest's pending image is FIFO and a directive in force denies its kernel family FIFO. */
    Optional<Finding> findingFor(GuestState guest) {
        return guest.kernel() == null ? Optional.empty()
                : GuestDetectors.fifoImageUnderFamilyDenial(guest, denyingKeys(guest.kernel().family()));
    }

    /**
     * When a permit for the guest's FIFO image is decided: the later of the hibernation and the start of the
     * earliest denial of its family in force. The same time whichever the task saw first, the hibernation or the
     * directive, so live and replay agree on the directive and its audit.
     */
    long permitAt(GuestState guest) {
        long since = denialsOf(guest.kernel().family()).stream().mapToLong(FamilyDenial::since).min()
                .orElse(Long.MIN_VALUE);
        return Math.max(guest.image().writtenAt(), since);
    }

    private List<FamilyDenial> denialsOf(String kernelFamily) {
        List<FamilyDenial> out = new ArrayList<>();
        String prefix = PolicyTargetKeys.FAMILY_PREFIX + kernelFamily + "@";
        try (KeyValueIterator<String, FamilyDenial> keys = store.prefixScan(prefix, KEYS)) {
            while (keys.hasNext()) {
                KeyValue<String, FamilyDenial> entry = keys.next();
                if (entry.value.denying()) {
                    out.add(entry.value);
                }
            }
        }
        return out;
    }
}
