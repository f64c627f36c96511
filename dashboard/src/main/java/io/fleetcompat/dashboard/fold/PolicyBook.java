package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.PoliciesView;
import io.fleetcompat.dashboard.view.PolicyView;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The latest directive per policy key, as the compacted fleet.policy holds it. Capped, oldest update evicted
 * first, so a runaway number of instance denials cannot exhaust the dashboard's memory.
 */
public final class PolicyBook {

    /** Filter of the policies page; blank fields match everything. */
    public record Filter(String reason, String mode, String family) {
    }

    private final Map<String, PolicyView> byKey;

    public PolicyBook(int maxPolicies) {
        this.byKey = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PolicyView> eldest) {
                return size() > maxPolicies;
            }
        };
    }

    /** A null directive is a tombstone. Returns the view stored, if any. */
    public synchronized Optional<PolicyView> apply(String key, PolicyDirective directive) {
        if (directive == null) {
            byKey.remove(key);
            return Optional.empty();
        }
        PolicyView previous = byKey.get(key);
        if (previous != null && previous.version() > directive.getVersion()) {
            return Optional.empty(); // agents keep the highest version; so does the page
        }
        PolicyView view = PolicyViews.of(key, directive);
        byKey.remove(key); // re-insert so eviction order follows the latest update
        byKey.put(key, view);
        return Optional.of(view);
    }

    public synchronized Optional<PolicyView> forInstance(String instanceId) {
        return Optional.ofNullable(byKey.get(PolicyTargetKeys.INSTANCE_PREFIX + instanceId));
    }

    public synchronized PoliciesView view(Filter filter, int limit) {
        List<PolicyView> matching = new ArrayList<>();
        for (PolicyView p : byKey.values()) {
            if (matches(filter, p)) {
                matching.add(p);
            }
        }
        matching.sort((a, b) -> Long.compare(b.issuedAt(), a.issuedAt()));
        return new PoliciesView(byKey.size(), matching.size(),
                List.copyOf(matching.subList(0, Math.min(limit, matching.size()))));
    }

    public synchronized int size() {
        return byKey.size();
    }

    private static boolean matches(Filter f, PolicyView p) {
        return (blank(f.reason()) || f.reason().equalsIgnoreCase(p.reasonCode()))
                && (blank(f.mode()) || f.mode().equalsIgnoreCase(p.mode()))
                && (blank(f.family()) || (p.family() != null
                        && p.family().toLowerCase(Locale.ROOT).contains(f.family().toLowerCase(Locale.ROOT))));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
