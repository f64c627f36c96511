package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.policy.Directives;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.policy.PolicyTableStore;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent starts on its stored policy even when no bootstrap name resolves (no broker, no name server). */
class AgentRuntimeStartTest {

    /** .invalid never resolves (RFC 2606). */
    private static final String UNRESOLVABLE = "fleet-kafka.invalid:9092";

    @TempDir
    Path dir;

    @Test
    void shouldRecogniseKafkasRefusalToBuildAClientForUnresolvableNames() {
        Properties props = new Properties();
        props.put("bootstrap.servers", UNRESOLVABLE);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());

        assertThatThrownBy(() -> new KafkaProducer<String, String>(props).close())
                .satisfies(e -> assertThat(KafkaLink.unresolvableBootstrap(e)).isTrue());
        assertThat(KafkaLink.unresolvableBootstrap(new IllegalStateException("other"))).isFalse();
    }

    @Test
    void shouldStartOnTheStoredPolicyTableWhenNoBootstrapNameResolves() throws Exception {
        Path tableFile = dir.resolve("policy-table.json");
        PolicyTable stored = new PolicyTable();
        stored.apply("instance:g1", TestPolicyKeys.stored(Directives.instanceDenial("g1", 1)));
        new PolicyTableStore(tableFile, TestPolicyKeys.required()).save(stored.snapshot());
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", UNRESOLVABLE);
        settings.put("host.id", "host-1");
        settings.put("outbox.dir", dir.resolve("outbox").toString());
        settings.put("policy.table.file", tableFile.toString());
        settings.put("policy.trusted.keys", TestPolicyKeys.writeTrustedKey(dir.resolve("trusted")).toString());

        try (AgentRuntime runtime = AgentRuntime.start(AgentConfigFactory.fromSettings(settings), "host-1")) {
            assertThat(runtime.policyTable().get("instance:g1")).isPresent();
            assertThat(runtime.outbox().depth()).isZero();
            assertThat(runtime.fatalFailure()).isEmpty();
        }
    }
}
