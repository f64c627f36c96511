package io.fleetcompat.kafka.embedded.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * Creates or changes SCRAM users through the Admin API, as an operator does on a real cluster (and as a password
 * is rotated: an upsert replaces the old password at once), then waits until each can log in.
 */
public final class ScramUsers {

    /** Salted iterations of SCRAM-SHA-512; Kafka's minimum is 4096. */
    static final int ITERATIONS = 8192;
    private static final Duration POLL = Duration.ofMillis(200);

    private ScramUsers() {
    }

    /**
     * @param adminSettings client settings of a principal allowed to alter users (ALTER on the cluster), including
     *     bootstrap.servers
     * @throws IllegalStateException when the cluster refuses, or a user cannot log in within {@code timeout}
     */
    public static void upsert(Map<String, Object> adminSettings, List<ScramCredential> users, Duration timeout)
            throws InterruptedException {
        if (users.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminSettings)) {
            List<UserScramCredentialAlteration> upserts = users.stream()
                    .<UserScramCredentialAlteration>map(user -> new UserScramCredentialUpsertion(user.user(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), user.password()))
                    .toList();
            admin.alterUserScramCredentials(upserts).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the SCRAM users " + users + ": " + rootMessage(e), e);
        }
        for (ScramCredential user : users) {
            awaitLogin(adminSettings, user, timeout);
        }
    }

    /** The brokers learn a new credential from the metadata log a moment after the controller committed it. */
    private static void awaitLogin(Map<String, Object> adminSettings, ScramCredential user, Duration timeout)
            throws InterruptedException {
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put("sasl.jaas.config", user.jaasConfig());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "scram-login-check-" + user.user());
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Admin admin = Admin.create(settings)) {
                admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(user + " cannot log in: " + rootMessage(e), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(user + " cannot log in within " + timeout.toSeconds() + " s", e);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
