package io.fleetcompat.kafka.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster secured for real: TLS on every listener, SCRAM-SHA-512 or client certificates, and the
 * StandardAuthorizer denying what no ACL grants, on one node and on three (replication and the controller quorum
 * over TLS with the broker's certificate).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecuredClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldLetAScramUserDoOnlyWhatItsAclsGrant(@TempDir Path dir) throws Exception {
        SecurityMaterial material = SecurityMaterial.createOrLoad(dir.resolve("secrets"), ClientAuthentication.SCRAM,
                List.of("writer", "stranger"), List.of());
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).secured(material.broker()).start()) {
            kafka.createTopics(List.of(new NewTopic("secured", 1, (short) 1)));
            ScramUsers.upsert(settings(kafka, material, SecurityMaterial.ADMIN), material.clientLogins(), TIMEOUT);
            ClusterAcls.apply(settings(kafka, material, SecurityMaterial.ADMIN),
                    List.of(allow("User:writer", "secured", AclOperation.WRITE)), TIMEOUT);

            send(settings(kafka, material, "writer"), "secured", "allowed");

            assertThatThrownBy(() -> send(settings(kafka, material, "stranger"), "secured", "refused"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            Map<String, Object> wrongPassword = settings(kafka, material, "writer");
            wrongPassword.put("sasl.jaas.config", new ScramCredential("writer", "not-the-password").jaasConfig());
            assertThatThrownBy(() -> clusterId(wrongPassword)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
            // the administrator (a super user) reads what the writer wrote
            assertThat(readAll(settings(kafka, material, SecurityMaterial.ADMIN), "secured", 1))
                    .extracting(ConsumerRecord::value).containsExactly("allowed");
        }
    }

    @Test
    void shouldReplicateAcrossThreeSecuredNodes(@TempDir Path dir) throws Exception {
        SecurityMaterial material = SecurityMaterial.createOrLoad(dir.resolve("secrets"), ClientAuthentication.SCRAM,
                List.of(), List.of());
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(3, Map.of()).secured(material.broker()).start()) {
            kafka.createTopics(List.of(new NewTopic("replicated", 1, (short) 3)));
            Map<String, Object> admin = settings(kafka, material, SecurityMaterial.ADMIN);

            send(admin, "replicated", "three copies");

            try (Admin client = Admin.create(admin)) {
                assertThat(client.describeTopics(List.of("replicated")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("replicated").partitions().get(0).isr()).hasSize(3);
            }
            assertThat(readAll(admin, "replicated", 1)).extracting(ConsumerRecord::value).containsExactly("three copies");
        }
    }

    @Test
    void shouldNameTheCertificatesCnAsPrincipalAndRefuseAClientWithoutCertificate(@TempDir Path dir) throws Exception {
        SecurityMaterial material = SecurityMaterial.createOrLoad(dir.resolve("secrets"), ClientAuthentication.MUTUAL_TLS,
                List.of("writer", "stranger"), List.of());
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).secured(material.broker()).start()) {
            kafka.createTopics(List.of(new NewTopic("mtls", 1, (short) 1)));
            ClusterAcls.apply(settings(kafka, material, SecurityMaterial.ADMIN),
                    List.of(allow("User:writer", "mtls", AclOperation.WRITE)), TIMEOUT);

            send(settings(kafka, material, "writer"), "mtls", "allowed");

            assertThatThrownBy(() -> send(settings(kafka, material, "stranger"), "mtls", "refused"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            Map<String, Object> noCertificate = settings(kafka, material, "writer");
            noCertificate.keySet().removeIf(key -> key.startsWith("ssl.keystore") || key.equals("ssl.key.password"));
            assertThatThrownBy(() -> clusterId(noCertificate)).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void shouldReuseTheMaterialOfAKeptDirectory(@TempDir Path dir) throws Exception {
        SecurityMaterial first = SecurityMaterial.createOrLoad(dir, ClientAuthentication.SCRAM, List.of("agent"), List.of());

        SecurityMaterial again = SecurityMaterial.createOrLoad(dir, ClientAuthentication.SCRAM, List.of("agent"), List.of());

        assertThat(again.clientSettings("agent")).isEqualTo(first.clientSettings("agent"));
        assertThat(BrokerSecurity.load(first.brokerSecurityFile()).brokerSettings("CONTROLLER"))
                .isEqualTo(first.broker().brokerSettings("CONTROLLER"));
        assertThat(Files.getPosixFilePermissions(first.brokerSecurityFile()))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThatThrownBy(() -> SecurityMaterial.createOrLoad(dir, ClientAuthentication.MUTUAL_TLS, List.of("agent"),
                List.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("use a new directory");
    }

    private static Map<String, Object> settings(EmbeddedKafkaCluster kafka, SecurityMaterial material, String principal) {
        Map<String, Object> settings = new HashMap<>(material.clientSettings(principal));
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return settings;
    }

    private static AclBinding allow(String principal, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static void send(Map<String, Object> settings, String topic, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static String clusterId(Map<String, Object> settings) throws Exception {
        try (Admin admin = Admin.create(settings)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads {@code topic}'s single partition from the start until {@code expected} records came, at most 30 s. */
    private static List<ConsumerRecord<String, String>> readAll(Map<String, Object> settings, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(200));
                polled.forEach(records::add);
            }
        }
        return records;
    }
}
