package io.fleetcompat.faults.support;

import io.fleetcompat.launcher.PolicyKeys;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One fault test's processes and directories: a temporary data dir (outboxes, state dirs, broker logs) deleted at the
 * end, and the processes' logs under {@code target/fault-logs/<test>/}, kept for diagnosis. Closing it SIGKILLs every
 * process still running, so no test leaves a JVM behind.
 */
public final class Fleet implements AutoCloseable {

    private final Path dir;
    private final Path logs;
    private final PolicyKeys.Pair policyKeys;
    private final List<ChildJvm> children = new ArrayList<>();

    private Fleet(Path dir, Path logs, PolicyKeys.Pair policyKeys) {
        this.dir = dir;
        this.logs = logs;
        this.policyKeys = policyKeys;
    }

    public static Fleet create(String testName) {
        try {
            Path logs = Path.of("target", "fault-logs", testName).toAbsolutePath();
            deleteTree(logs);
            Files.createDirectories(logs);
            Path dir = Files.createTempDirectory("fault-" + testName + "-");
            // A throw-away signing pair, as ./fleet demo makes: fleet-stream signs with it, the agents trust it.
            return new Fleet(dir, logs, PolicyKeys.create("fault-tests", dir.resolve("policy-signing"),
                    dir.resolve("trusted-policy-keys")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root (failsafe's fleet.home): the components run from their modules' target/. */
    public static Path home() {
        return Path.of(System.getProperty("fleet.home", "../..")).toAbsolutePath().normalize();
    }

    static Path agentJar() {
        return requireBuilt(home().resolve("hypervisor-agent/target/hypervisor-agent-"
                + System.getProperty("fleetcompat.version", "0.1.0-SNAPSHOT") + ".jar"));
    }

    static Path streamJar() {
        return requireBuilt(home().resolve("fleet-stream/target/quarkus-app/quarkus-run.jar"));
    }

    private static Path requireBuilt(Path artefact) {
        if (!Files.isRegularFile(artefact)) {
            throw new IllegalStateException(artefact + " is missing: build the reactor (./mvnw -B verify) first");
        }
        return artefact;
    }

    public Path dir() {
        return dir;
    }

    /** fleet-stream's signing key (its private half's file), for every instance of the test. */
    Path policySigningKey() {
        return policyKeys.privateKey();
    }

    /** The directory of the keys the agents trust: the public half of {@link #policySigningKey()}. */
    Path trustedPolicyKeys() {
        return policyKeys.publicKey().getParent();
    }

    /** What the audit takes for fleet-stream's own directives: those its key signed. */
    TrustedPolicyKeys streamKeys() {
        return TrustedPolicyKeys.load(List.of(policyKeys.publicKey()));
    }

    Path log(String component) {
        return logs.resolve(component + ".log");
    }

    ChildJvm track(ChildJvm child) {
        children.add(child);
        return child;
    }

    @Override
    public void close() {
        for (ChildJvm child : children) {
            if (child.isAlive()) {
                child.kill();
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
