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
import io.fleetcompat.agent.events.OutboxDamageLetters;
import io.fleetcompat.agent.kafka.KafkaClientSettings;
import io.fleetcompat.agent.outbox.DamageReport;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's I/O plumbing, shared by every host of the process: one outbox, one producer (outbox publisher
 * and dead letters), one policy consumer and table, one heartbeat timer. {@link #addHost} adds a host with
 * its own event sink and sequence: once for {@code agent}, N times for {@code simulate}.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final AgentConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final Outbox outbox;
    private final PolicyTable policyTable;
    private final PolicyTableStore store;
    private final KafkaClientSettings kafka;
    private final String component;
    private final HeartbeatScheduler heartbeats;
    private volatile KafkaLink link;
    /** A failure building or starting the Kafka side after start-up (e.g. a bad keystore once a name resolves). */
    private volatile Throwable reconnectFailure;
    private volatile boolean closing;
    private Thread reconnect;
    private final List<EventSource> sources = new CopyOnWriteArrayList<>();
    private final RefusalAcks refusalAcks = new RefusalAcks();

    private AgentRuntime(AgentConfig config, String processName, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.store = new PolicyTableStore(config.policyTableFile(), config.policyVerification());
        this.policyTable = loadPolicyTable(store);
        LOG.info("Policy table {}: {} targets known before contacting Kafka; signatures {}", store.file(),
                policyTable.size(), config.policyVerification());
        this.kafka = new KafkaClientSettings(config.bootstrapServers(), "fleetcompat-" + processName,
                config.kafkaProperties());
        this.component = "hypervisor-agent@" + processName;
        // Clients first: a bad passthrough setting fails here, before the outbox is opened.
        Optional<KafkaLink.Clients> clients = clientsUnlessUnresolvable();
        try {
            this.outbox = openOutbox(config.outbox(), new OutboxDamageLetters(component, clock));
        } catch (RuntimeException e) {
            clients.ifPresent(KafkaLink.Clients::close);
            throw e;
        }
        this.heartbeats = new HeartbeatScheduler(config.heartbeatInterval());
        clients.ifPresentOrElse(c -> link = KafkaLink.start(c, outbox, policyTable, store, policyIntake(), component, clock),
                this::reconnectInTheBackground);
    }

    /** The clients; empty when no bootstrap name resolves now (the host still starts, on its stored policy). */
    private Optional<KafkaLink.Clients> clientsUnlessUnresolvable() {
        try {
            return Optional.of(KafkaLink.clients(kafka));
        } catch (RuntimeException e) {
            if (!KafkaLink.unresolvableBootstrap(e)) {
                throw e;
            }
            if (link == null && reconnect == null) {
                LOG.error("No bootstrap server of {} resolves now; the host starts on its stored policy table and "
                        + "its outbox keeps the events until one does (retried every {} s)", config.bootstrapServers(),
                        RECONNECT_INTERVAL.toSeconds());
            } else {
                LOG.debug("No bootstrap server of {} resolves yet", config.bootstrapServers());
            }
            return Optional.empty();
        }
    }

    private void connectIfResolvable() {
        Optional<KafkaLink.Clients> clients = clientsUnlessUnresolvable();
        if (clients.isEmpty()) {
            return;
        }
        try {
            link = KafkaLink.start(clients.get(), outbox, policyTable, store, policyIntake(), component, clock);
        } catch (RuntimeException e) {
            clients.get().close();
            throw e;
        }
        LOG.info("Bootstrap servers {} resolve again; publishing and reading policy", config.bootstrapServers());
    }

    private void reconnectInTheBackground() {
        reconnect = new Thread(() -> {
            while (!closing && link == null) {
                try {
                    Thread.sleep(RECONNECT_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    if (closing) {
                        return;
                    }
                    try {
                        connectIfResolvable();
                    } catch (RuntimeException e) {
                        // Settings Kafka checks only after resolving (TLS keystores, SASL): as fatal as at start.
                        reconnectFailure = e;
                        LOG.error("Cannot build the Kafka clients once {} resolved", config.bootstrapServers(), e);
                        return;
                    }
                }
            }
        }, "kafka-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    private KafkaLink.PolicyIntake policyIntake() {
        return new KafkaLink.PolicyIntake(config.policyVerification(), refusalAcks);
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

    private static Outbox openOutbox(OutboxSettings settings, DamageReport damageReport) {
        try {
            return Outbox.open(settings, damageReport);
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
    public static AgentRuntime start(AgentConfig config, String processName) {
        return new AgentRuntime(config, processName, Clock.systemUTC());
    }

    /** Registers a host: its heartbeats start now, then the source is started with the host's context. */
    public HostContext addHost(HostIdentity identity, EventSource source) {
        HostEventEmitter emitter = new HostEventEmitter(outbox,
                new EventHeaderFactory(identity, AgentVersion.current(), clock),
                new HypercallSampler(config.hypercallSampleRate(), config.hypercallSampleSeed(), identity.hostId()),
                () -> new HostInventory(source.runningInstanceIds(), policyTable.lastVersionSeen(), policyTable.size(),
                        outbox.depth(), startedAt));
        HostContext context = new HostContext(identity, emitter, policyTable);
        refusalAcks.attach(emitter);
        sources.add(source);
        heartbeats.register(emitter);
        source.start(context);
        return context;
    }

    /** The settings this runtime was started with. */
    public AgentConfig config() {
        return config;
    }

    public PolicyTable policyTable() {
        return policyTable;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** A fatal Kafka failure (authentication, authorization...) of the publisher or the policy consumer. */
    public Optional<Throwable> fatalFailure() {
        KafkaLink current = link;
        return current == null ? Optional.ofNullable(reconnectFailure) : current.fatalFailure();
    }

    /** Stops sources, heartbeats, consumer and publisher (a short grace for sends in flight), then the outbox. */
    @Override
    public void close() {
        List<Exception> problems = new ArrayList<>();
        for (EventSource source : sources) {
            run(problems, source::close);
        }
        run(problems, heartbeats::close);
        synchronized (this) {
            closing = true;
        }
        if (reconnect != null) {
            reconnect.interrupt();
        }
        KafkaLink current = link;
        if (current != null) {
            run(problems, current::close);
        }
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
