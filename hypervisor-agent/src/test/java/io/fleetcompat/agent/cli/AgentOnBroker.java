package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.policy.MatchedDirective;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent with a model-backed PROPOSED host (FIFO built in) on a real in-JVM broker that has the catalogue's
 * topics; it trusts {@link TestPolicyKeys}. Readers of fleet.events and fleet.dead-letters see what it writes, and
 * {@link #restartWithoutKafka()} stops broker and agent and starts the agent again on its stored table.
 */
final class AgentOnBroker implements AutoCloseable {

    final EmbeddedKafkaCluster kafka;
    final PolicyTopicWriter policyTopic;
    final AgentConfig config;
    final HostEventsReader events;
    final HostEventsReader deadLetters;
    final HostToolstack toolstack;
    private AgentRuntime runtime;

    private AgentOnBroker(String hostId, Path dir) throws Exception {
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(3, (short) 1)).toList());
        policyTopic = new PolicyTopicWriter(kafka.bootstrapServers());
        config = AgentConfigFactory.fromSettings(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "host.id", hostId,
                "xen.profile", "PROPOSED",
                "fifo.built.in", "true",
                "outbox.dir", dir.resolve("outbox").toString(),
                "policy.table.file", dir.resolve("policy-table.json").toString(),
                "policy.trusted.keys", TestPolicyKeys.writeTrustedKey(dir.resolve("trusted")).toString(),
                "heartbeat.interval.ms", "3600000"));
        runtime = AgentRuntime.start(config, hostId);
        events = new HostEventsReader(kafka.bootstrapServers(), List.of(Topics.EVENTS.name()));
        deadLetters = new HostEventsReader(kafka.bootstrapServers(), List.of(Topics.DEAD_LETTERS.name()));
        ModelBackedHost host = ModelBackedHost.withDefaults();
        runtime.addHost(config.host(), host);
        toolstack = host.toolstack();
    }

    static AgentOnBroker start(String hostId, Path dir) throws Exception {
        return new AgentOnBroker(hostId, dir);
    }

    AgentRuntime runtime() {
        return runtime;
    }

    /** The Xen create flags of the guest's current domain. */
    List<String> flagsOf(String guest) {
        return toolstack.xen().inspect(toolstack.domidOf(guest).orElseThrow()).flags();
    }

    /** The version of the guest's own directive in the agent's table. */
    Optional<Long> versionInTable(String guest) {
        return runtime.policyTable().directiveFor(guest, null, config.host().hostId(), XenProfile.PROPOSED)
                .map(MatchedDirective::version);
    }

    /** Stops the agent and the broker, then starts the agent again, with a new model-backed host, on its stored table. */
    ModelBackedHost restartWithoutKafka() {
        events.close();
        deadLetters.close();
        runtime.close();
        kafka.stopNode(0);
        runtime = AgentRuntime.start(config, config.host().hostId());
        ModelBackedHost host = ModelBackedHost.withDefaults();
        runtime.addHost(config.host(), host);
        return host;
    }

    @Override
    public void close() {
        runtime.close();
        events.close();
        deadLetters.close();
        policyTopic.close();
        kafka.close();
    }
}
