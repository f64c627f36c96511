package io.fleetcompat.launcher;

import io.fleetcompat.launcher.demo.TopicSetup;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.TopicSpec.Durability;
import io.fleetcompat.schema.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleet topics}: creates the catalogue's topics ({@link Topics#all()}) that do not exist yet on an existing
 * cluster, as a deployment step (the Kubernetes Job, the compose {@code topics} service). Existing topics are left
 * exactly as they are: partitions cannot be changed later without moving keys, so choose them at the first run.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create fleetcompat's topics (the events-schema catalogue: partitions, cleanup policy, retention, "
                + "replication 3 with min.insync.replicas 2) that do not exist yet; existing topics are left as they are.",
        footer = {"", "Exit codes: 0 every topic exists now, 1 the cluster refused or was unreachable (30 s), 2 bad arguments."})
public final class TopicsCommand implements Callable<Integer> {


    private final LauncherContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "The Kafka cluster.")
    String bootstrapServers;

    @Mixin
    ClientConfigOptions client;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replication factor of the topics created (default: the catalogue's, 3, with "
                    + "min.insync.replicas 2; with fewer copies min.insync.replicas is lowered to match).")
    Short replicationFactor;

    @Option(names = "--partitions", paramLabel = "TOPIC=N",
            description = "Partitions of a topic created now instead of the catalogue's; repeatable. fleet.events "
                    + "bounds how many fleet-stream instances share the work.")
    Map<String, Integer> partitions = new LinkedHashMap<>();

    public TopicsCommand(LauncherContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!ClientConfigOptions.isBootstrapList(bootstrapServers)) {
            throw usage("--bootstrap-servers needs HOST:PORT[,HOST:PORT...], was '" + bootstrapServers + "'");
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw usage("--replication-factor must be at least 1, was " + replicationFactor);
        }
        Set<String> known = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
        partitions.forEach((topic, count) -> {
            if (!known.contains(topic)) {
                throw usage("--partitions: " + topic + " is not a fleetcompat topic (" + String.join(", ",
                        Topics.all().stream().map(TopicSpec::name).toList()) + ")");
            }
            if (count < 1) {
                throw usage("--partitions " + topic + " must be at least 1, was " + count);
            }
        });
        Map<String, String> settings = client.settings();
        // Every topic of the catalogue has the same production durability.
        Durability durability = replicationFactor == null ? Durability.PRODUCTION
                : Durability.PRODUCTION.withReplicationFactor(replicationFactor);
        List<String> created = TopicSetup.createMissing(bootstrapServers, settings, Optional.of(durability),
                partitions, "fleet-topics");
        for (TopicSpec<String, ?> topic : Topics.all()) {
            context.out().println("fleet topics: " + topic.name() + (created.contains(topic.name())
                    ? " created (" + partitions.getOrDefault(topic.name(), topic.defaultPartitions()) + " partitions, "
                    + "replication factor " + durability.replicationFactor() + ", min.insync.replicas " + durability.minInsyncReplicas() + ")"
                    : " exists (left as it is)"));
        }
        return ExitCodes.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
