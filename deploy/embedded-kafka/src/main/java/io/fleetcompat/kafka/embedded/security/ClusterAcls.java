package io.fleetcompat.kafka.embedded.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Creates ACLs and waits until the broker answering enforces them: the controller commits them first, and a client
 * started at once could otherwise meet an authorizer that has not loaded them yet (an authorization error is not
 * retried). Creating an ACL that exists already changes nothing, so applying twice is safe.
 */
public final class ClusterAcls {

    private static final Duration POLL = Duration.ofMillis(200);

    private ClusterAcls() {
    }

    /**
     * @param adminSettings client settings of a principal with ALTER on the cluster, including bootstrap.servers
     * @throws IllegalStateException when the cluster refuses, or does not list every ACL within {@code timeout}
     */
    public static void apply(Map<String, Object> adminSettings, Collection<AclBinding> acls, Duration timeout)
            throws InterruptedException {
        if (acls.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminSettings)) {
            admin.createAcls(List.copyOf(acls)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                Set<AclBinding> missing = new HashSet<>(acls);
                missing.removeAll(admin.describeAcls(AclBindingFilter.ANY).values()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                if (missing.isEmpty()) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(missing.size() + " ACLs created but not listed by the broker within "
                            + timeout.toSeconds() + " s, e.g. " + missing.iterator().next());
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs: " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating ACLs timed out after " + timeout.toSeconds() + " s", e);
        }
    }
}
