package io.fleetcompat.stream.support;

import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.kafka.embedded.security.ClientAuthentication;
import io.fleetcompat.kafka.embedded.security.ClusterAcls;
import io.fleetcompat.kafka.embedded.security.ScramUsers;
import io.fleetcompat.kafka.embedded.security.SecurityMaterial;
import io.fleetcompat.schema.ComponentAcls;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;

/** A real one-node broker with every fleet topic, and clients to write and read them: the real-broker ITs' fixture. */
public final class FleetBroker implements AutoCloseable {

    /** The principals of a secured broker, as ./fleet demo --secure names them. */
    public static final String AGENT = "agent";
    public static final String STREAM = "fleet-stream";
    public static final String DASHBOARD = "dashboard";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedKafkaCluster kafka;
    private final Optional<SecurityMaterial> material;
    private final BrokerClients clients;

    private FleetBroker(EmbeddedKafkaCluster kafka, Optional<SecurityMaterial> material) {
        this.kafka = kafka;
        this.material = material;
        this.clients = new BrokerClients(kafka.bootstrapServers(), loginOf(SecurityMaterial.ADMIN));
    }

    /** @param partitions each topic's partition count */
    public static FleetBroker start(ToIntFunction<TopicSpec<String, ?>> partitions) {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(newTopics(partitions));
        return new FleetBroker(kafka, Optional.empty());
    }

    /**
     * TLS and SCRAM-SHA-512 on every listener, the StandardAuthorizer denying what no ACL grants, a login for
     * {@link #AGENT}, {@link #STREAM} and {@link #DASHBOARD}, and each given the ACLs of events-schema's
     * {@link ComponentAcls} (fleet-stream's for {@code streamApplicationId}).
     */
    public static FleetBroker startSecured(ToIntFunction<TopicSpec<String, ?>> partitions, String streamApplicationId)
            throws IOException, InterruptedException {
        SecurityMaterial material = SecurityMaterial.createOrLoad(Files.createTempDirectory("fleet-broker-secrets"),
                ClientAuthentication.SCRAM, List.of(AGENT, STREAM, DASHBOARD), List.of());
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).secured(material.broker()).start();
        kafka.createTopics(newTopics(partitions));
        FleetBroker broker = new FleetBroker(kafka, Optional.of(material));
        Map<String, Object> admin = new HashMap<>(broker.loginOf(SecurityMaterial.ADMIN));
        admin.put("bootstrap.servers", kafka.bootstrapServers());
        ScramUsers.upsert(admin, material.clientLogins(), SETUP_TIMEOUT);
        List<AclBinding> acls = new ArrayList<>(ComponentAcls.agent("User:" + AGENT));
        acls.addAll(ComponentAcls.stream("User:" + STREAM, streamApplicationId));
        acls.addAll(ComponentAcls.dashboard("User:" + DASHBOARD));
        ClusterAcls.apply(admin, acls, SETUP_TIMEOUT);
        return broker;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Clients of the administrator (a super user) on a secured broker. */
    public BrokerClients clients() {
        return clients;
    }

    /** Clients that log in as {@code principal}; the caller closes them. */
    public BrokerClients clientsOf(String principal) {
        return new BrokerClients(kafka.bootstrapServers(), loginOf(principal));
    }

    /** Client settings that log {@code principal} in; nothing on a PLAINTEXT broker. */
    public Map<String, String> loginOf(String principal) {
        return material.map(m -> m.clientSettings(principal)).orElse(Map.of());
    }

    @Override
    public void close() {
        clients.close();
        kafka.close();
    }

    private static List<NewTopic> newTopics(ToIntFunction<TopicSpec<String, ?>> partitions) {
        return Topics.all().stream().map(t -> t.toNewTopic(partitions.applyAsInt(t), (short) 1)).toList();
    }
}
