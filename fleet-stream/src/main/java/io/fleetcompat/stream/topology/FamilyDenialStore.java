package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.rules.policy.FamilyDenialsView;
import io.fleetcompat.schema.PolicyTargetKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A guest task's copy of the family directives, over {@code family-denials-store} (family key -> latest version
 * seen). Family directives are few and guests many, so each directive is copied to every guest task rather than
 * each guest asking the family's task: a guest's decision then reads only its own task's stores.
 */
final class FamilyDenialStore implements FamilyDenialsView {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, FamilyDenial> store;

    FamilyDenialStore(KeyValueStore<String, FamilyDenial> store) {
        this.store = store;
    }

    FamilyDenial held(String familyKey) {
        return store.get(familyKey);
    }

    void hold(FamilyDenial denial) {
        store.put(denial.familyKey(), denial);
    }

    /** A prefix scan over the family's keys (one per Xen profile): a handful of entries. */
    @Override
    public List<FamilyDenial> denying(String kernelFamily) {
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
