package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.ConfigException;
import io.fleetcompat.agent.config.ConfigKey;
import io.fleetcompat.agent.events.AgentVersion;
import io.fleetcompat.agent.events.EventHeaderFactory;
import io.fleetcompat.agent.events.HeartbeatScheduler;
import io.fleetcompat.agent.events.HostEventEmitter;
import io.fleetcompat.agent.events.HostIdentity;
import io.fleetcompat.agent.events.HostInventory;
import io.fleetcompat.agent.events.HypercallSampler;
import io.fleetcompat.agent.kafka.DeadLetterWriter;
import io.fleetcompat.agent.kafka.KafkaClientSettings;
import io.fleetcompat.agent.kafka.OutboxPublisher;
import io.fleetcompat.agent.kafka.PolicyConsumer;
import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.agent.outbox.OutboxCorruptedException;
import io.fleetcompat.agent.outbox.OutboxInUseException;
import io.fleetcompat.agent.outbox.OutboxSettings;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.policy.PolicyTableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's I/O plumbing, shared by every host of the process: one outbox, one producer (outbox publisher
 * and dead letters), one policy consumer and table, one heartbeat timer. {@link #addHost} adds a host with
 * its own event sink and sequence: once for {@code agent}, N times for {@code simulate}.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final AgentConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final Outbox outbox;
    private final PolicyTable policyTable;
    private final Producer<String, byte[]> producer;
    private final OutboxPublisher publisher;
    private final PolicyConsumer policyConsumer;
    private final HeartbeatScheduler heartbeats;
    private final List<EventSource> sources = new CopyOnWriteArrayList<>();

    private AgentRuntime(AgentConfig config, String processName, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
        PolicyTableStore store = new PolicyTableStore(config.policyTableFile());
        this.policyTable = loadPolicyTable(store);
        LOG.info("Policy table {}: {} targets known before contacting Kafka", store.file(), policyTable.size());
        KafkaClientSettings kafka = new KafkaClientSettings(config.bootstrapServers(), "fleetcompat-" + processName,
                config.kafkaProperties());
        // Clients first: a bad passthrough setting fails here, before the outbox is opened.
        this.producer = new KafkaProducer<>(kafka.producerProperties());
        KafkaConsumer<String, byte[]> consumer = null;
        try {
            consumer = new KafkaConsumer<>(kafka.consumerProperties());
            this.outbox = openOutbox(config.outbox());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            throw e;
        }
        this.publisher = new OutboxPublisher(outbox, producer);
        this.policyConsumer = new PolicyConsumer(consumer, policyTable, store, new DeadLetterWriter(producer),
                "hypervisor-agent@" + processName, clock);
        this.heartbeats = new HeartbeatScheduler(config.heartbeatInterval());
    }

    /** A table that cannot be read stops the start: starting empty could resume a guest its denial protects. */
    private static PolicyTable loadPolicyTable(PolicyTableStore store) {
        try {
            return store.load();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(ConfigKey.POLICY_TABLE_FILE.key(), store.file().toString(),
                    "cannot be read as a policy table (" + e + "); to rebuild it from fleet.policy, move it away "
                            + "and start the agent while Kafka is reachable");
        }
    }

    private static Outbox openOutbox(OutboxSettings settings) {
        try {
            return Outbox.open(settings);
        } catch (OutboxCorruptedException | OutboxInUseException e) {
            throw new ConfigException(ConfigKey.OUTBOX_DIR.key(), settings.dir().toString(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(ConfigKey.OUTBOX_DIR.key(), settings.dir().toString(),
                    "cannot be used as the outbox directory (" + e + ")");
        }
    }

    /**
     * Opens the outbox and the stored policy table, and starts publishing and consuming; neither waits for
     * Kafka, so a host starts (with its last known policy) while Kafka is down.
     *
     * @param processName the host id in agent mode, e.g. "simulate" for a simulation; names clients and dead letters
     */
    public static AgentRuntime start(AgentConfig config, String processName) throws IOException {
        AgentRuntime runtime = new AgentRuntime(config, processName, Clock.systemUTC());
        runtime.publisher.start();
        runtime.policyConsumer.start();
        return runtime;
    }

    /** Registers a host: its heartbeats start now, then the source is started with the host's context. */
    public HostContext addHost(HostIdentity identity, EventSource source) {
        HostEventEmitter emitter = new HostEventEmitter(outbox,
                new EventHeaderFactory(identity, AgentVersion.current(), clock),
                new HypercallSampler(config.hypercallSampleRate(), config.hypercallSampleSeed(), identity.hostId()),
                () -> new HostInventory(source.runningInstanceIds(), policyTable.lastVersionSeen(), policyTable.size(),
                        outbox.depth(), startedAt));
        HostContext context = new HostContext(identity, emitter, policyTable);
        sources.add(source);
        heartbeats.register(emitter);
        source.start(context);
        return context;
    }

    public PolicyTable policyTable() {
        return policyTable;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** A fatal Kafka failure (authentication, authorization...) of the publisher or the policy consumer. */
    public Optional<Throwable> fatalFailure() {
        return publisher.failure().or(policyConsumer::failure);
    }

    /** Stops sources, heartbeats, consumer and publisher (a short grace for sends in flight), then the outbox. */
    @Override
    public void close() {
        List<Exception> problems = new ArrayList<>();
        for (EventSource source : sources) {
            run(problems, source::close);
        }
        run(problems, heartbeats::close);
        run(problems, policyConsumer::close);
        run(problems, () -> publisher.stop(Duration.ofSeconds(5)));
        run(problems, () -> producer.close(Duration.ofSeconds(5)));
        run(problems, outbox::close);
        problems.forEach(problem -> LOG.warn("Problem while stopping the agent", problem));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Exception> problems, Step step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(e);
        } catch (Exception e) {
            problems.add(e);
        }
    }
}
