package io.fleetcompat.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.kafka.embedded.security.ClientAuthentication;
import io.fleetcompat.kafka.embedded.security.ScramUsers;
import io.fleetcompat.kafka.embedded.security.SecurityMaterial;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 acceptance: {@code fleet topics} and {@code fleet acls} on a broker with SASL_SSL, SCRAM-SHA-512 and the
 * StandardAuthorizer, run as the administrator from a client settings file; then each component's credential is
 * allowed its own writes and refused the others'.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AclsCommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static SecurityMaterial material;
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void securedBrokerWithTopicsAndAcls() throws Exception {
        material = SecurityMaterial.createOrLoad(dir.resolve("secrets"), ClientAuthentication.SCRAM,
                List.of(ComponentPrincipals.AGENT_USER, ComponentPrincipals.STREAM_USER, ComponentPrincipals.DASHBOARD_USER),
                List.of());
        kafka = new EmbeddedKafkaCluster(1, Map.of()).secured(material.broker()).start();
        ScramUsers.upsert(settings(SecurityMaterial.ADMIN), material.clientLogins(), TIMEOUT);
        Path adminConfig = dir.resolve("admin.properties");
        Properties admin = new Properties();
        admin.putAll(material.clientSettings(SecurityMaterial.ADMIN));
        try (Writer writer = Files.newBufferedWriter(adminConfig)) {
            admin.store(writer, null);
        }

        assertThat(fleet("topics", "--bootstrap-servers", kafka.bootstrapServers(), "--command-config",
                adminConfig.toString(), "--replication-factor", "1")).isEqualTo(ExitCodes.OK);
        assertThat(fleet("acls", "--bootstrap-servers", kafka.bootstrapServers(), "--command-config",
                adminConfig.toString())).isEqualTo(ExitCodes.OK);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRefuseTheAgentsCredentialOnFleetPolicyAndFleetCommands() {
        assertThatThrownBy(() -> send(ComponentPrincipals.AGENT_USER, Topics.POLICY))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(ComponentPrincipals.AGENT_USER, Topics.COMMANDS))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void shouldLetTheAgentWriteItsEventsHostsAndDeadLetters() throws Exception {
        for (TopicSpec<String, ?> topic : List.of(Topics.EVENTS, Topics.HOSTS, Topics.DEAD_LETTERS)) {
            assertThat(send(ComponentPrincipals.AGENT_USER, topic)).as(topic.name()).isNotNegative();
        }
    }

    @Test
    void shouldRefuseTheDashboardsCredentialOnFleetPolicyAndLetItWriteCommandsOnly() throws Exception {
        assertThatThrownBy(() -> send(ComponentPrincipals.DASHBOARD_USER, Topics.POLICY))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(ComponentPrincipals.DASHBOARD_USER, Topics.EVENTS))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(send(ComponentPrincipals.DASHBOARD_USER, Topics.COMMANDS)).isNotNegative();
    }

    @Test
    void shouldRefuseFleetStreamsCredentialOnFleetCommands() throws Exception {
        assertThatThrownBy(() -> send(ComponentPrincipals.STREAM_USER, Topics.COMMANDS))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(send(ComponentPrincipals.STREAM_USER, Topics.POLICY)).isNotNegative();
    }

    @Test
    void shouldCreateTheTopicsWithTheDurabilityAsked() throws Exception {
        try (Admin admin = Admin.create(settings(SecurityMaterial.ADMIN))) {
            TopicDescription events = admin.describeTopics(List.of(Topics.EVENTS.name())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.EVENTS.name());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS.name());
            String minIsr = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("min.insync.replicas").value();

            assertThat(events.partitions()).hasSize(Topics.EVENTS.defaultPartitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            assertThat(minIsr).isEqualTo("1");
        }
    }

    /** Writes one record as {@code principal}; returns its offset. */
    private static long send(String principal, TopicSpec<String, ?> topic) throws Exception {
        Map<String, Object> config = settings(principal);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), "key", new byte[] {1}))
                    .get(30, TimeUnit.SECONDS).offset();
        }
    }

    private static Map<String, Object> settings(String principal) {
        Map<String, Object> settings = new HashMap<>(material.clientSettings(principal));
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }

    private static int fleet(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = FleetMain.run(args, dir, new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.print(out);
        System.err.print(err);
        return exit;
    }
}
