package io.fleetcompat.stream.support;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.schema.signing.SignatureCheck;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.stream.topology.FleetTopology;
import io.fleetcompat.stream.topology.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The fleet topology in a TopologyTestDriver, with typed topics, a shared event clock and two simulated hosts:
 * a pre-4.4 host ({@link #legacy}) and a FIFO-capable PROPOSED host ({@link #modern}).
 */
public final class FleetDriver implements AutoCloseable {

    public final SimHost.Clock clock = new SimHost.Clock(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    public final SimHost legacy = new SimHost("host-legacy", XenProfile.LEGACY_2L, true, clock);
    public final SimHost modern = new SimHost("host-modern", XenProfile.PROPOSED, true, clock);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> events;
    private final TestInputTopic<byte[], byte[]> rawEvents;
    private final TestInputTopic<String, HostStatus> hosts;
    private final TestInputTopic<String, byte[]> rawHosts;
    /** Bad fleet.hosts records: the global store's processor sends them past the driver, into this sink. */
    public final CapturingDeadLetterSink hostDeadLetters = new CapturingDeadLetterSink();
    private final TestInputTopic<String, OperatorCommand> commands;
    private final TestInputTopic<byte[], byte[]> rawCommands;
    /** fleet.policy as agents read it (bytes); {@link #directives()} checks each signature. */
    private final TestOutputTopic<String, byte[]> policy;
    public final TestOutputTopic<String, AuditRecord> audit;
    public final TestOutputTopic<String, RolloutState> rollouts;
    public final TestOutputTopic<String, DeadLetter> deadLetters;

    public FleetDriver(FleetStreamConfig config) {
        this(config, null);
    }

    /** Drives a topology built elsewhere, e.g. the replay tool's (which writes no output topic). */
    public FleetDriver(Topology topology) {
        this(null, topology);
    }

    private FleetDriver(FleetStreamConfig config, Topology topology) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-stream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir().toString());
        driver = new TopologyTestDriver(topology != null ? topology
                : FleetTopology.build(new StreamsBuilder(), config, Optional.of(TestPolicyKeys.SIGNER), hostDeadLetters),
                props);
        events = driver.createInputTopic(Topics.EVENTS.name(), Serdes.String().serializer(),
                Topics.EVENTS.valueSerde().serializer());
        rawEvents = driver.createInputTopic(Topics.EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        hosts = driver.createInputTopic(Topics.HOSTS.name(), Serdes.String().serializer(),
                Topics.HOSTS.valueSerde().serializer());
        rawHosts = driver.createInputTopic(Topics.HOSTS.name(), Serdes.String().serializer(),
                new ByteArraySerializer());
        commands = driver.createInputTopic(Topics.COMMANDS.name(), Serdes.String().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        rawCommands = driver.createInputTopic(Topics.COMMANDS.name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        policy = driver.createOutputTopic(Topics.POLICY.name(), Serdes.String().deserializer(),
                new ByteArrayDeserializer());
        audit = driver.createOutputTopic(Topics.AUDIT.name(), Serdes.String().deserializer(),
                Topics.AUDIT.valueSerde().deserializer());
        rollouts = driver.createOutputTopic(Topics.ROLLOUTS.name(), Serdes.String().deserializer(),
                Topics.ROLLOUTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fleet-stream-ttd");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Both hosts announce themselves, as agents do at start. */
    public FleetDriver withHostsAnnounced() {
        announce(legacy);
        announce(modern);
        return this;
    }

    public void announce(SimHost host) {
        hosts.pipeInput(host.id(), host.status(), Instant.ofEpochMilli(clock.now()));
    }

    /** A fleet.hosts record as bytes (null key or value allowed). */
    public void announceRaw(String hostId, byte[] value) {
        rawHosts.pipeInput(hostId, value, Instant.ofEpochMilli(clock.now()));
    }

    public void send(String guest, SpecificRecord event) {
        events.pipeInput(guest, event, Instant.ofEpochMilli(clock.now()));
    }

    public void sendRaw(byte[] key, byte[] value) {
        rawEvents.pipeInput(key, value, Instant.ofEpochMilli(clock.now()));
    }

    public void command(String key, OperatorCommand command) {
        commands.pipeInput(key, command, Instant.ofEpochMilli(clock.now()));
    }

    public void commandRaw(byte[] key, byte[] value) {
        rawCommands.pipeInput(key, value, Instant.ofEpochMilli(clock.now()));
    }

    /** A guest born 2-level on the legacy host, which hibernates there: its image records 2-level. */
    public void bornOnLegacyAndHibernated(String guest, int domid) {
        send(guest, Events.freshBoot(legacy.next(), guest, domid));
        send(guest, Events.booted(legacy.next(), guest, domid, EvtchnAbi.TWO_LEVEL));
        send(guest, Events.hibernated(legacy.next(), guest, domid, EvtchnAbi.TWO_LEVEL));
        send(guest, Events.destroyed(legacy.next(), guest, domid, DestroyReason.HIBERNATED));
    }

    /** A guest born FIFO on the modern host, which hibernates there: its image records FIFO. */
    public void bornOnModernAndHibernated(String guest, int domid) {
        send(guest, Events.freshBoot(modern.next(), guest, domid));
        send(guest, Events.booted(modern.next(), guest, domid, EvtchnAbi.FIFO));
        send(guest, Events.hibernated(modern.next(), guest, domid, EvtchnAbi.FIFO));
        send(guest, Events.destroyed(modern.next(), guest, domid, DestroyReason.HIBERNATED));
    }

    /** The guest's resume lands on the modern host under the given directive (null: none). */
    public void resumeOnModern(String guest, int domid, PolicyDirective directive, boolean healthy) {
        send(guest, Events.created(modern.next(), guest, domid, CreateKind.RESUME_FROM_HIBERNATION,
                directive == null ? io.fleetcompat.schema.avro.ControlSetting.UNSET
                        : directive.getControls().getEvtchnFifo(),
                directive == null ? null : io.fleetcompat.schema.PolicyTargetKeys.keyOf(directive.getTarget()),
                directive == null ? null : directive.getVersion()));
        send(guest, healthy ? Events.resumed(modern.next(), guest, domid, true)
                : Events.section8Failure(modern.next(), guest, domid));
    }

    /** Runs the wall-clock punctuators that fall due (the predictive sweep). */
    public void advanceWallClock(java.time.Duration by) {
        driver.advanceWallClockTime(by);
    }

    public GuestState guest(String id) {
        KeyValueStore<String, GuestState> store = driver.getKeyValueStore(Names.GUEST_STATE_STORE);
        return store.get(id);
    }

    public FamilyState family(String key) {
        KeyValueStore<String, FamilyState> store = driver.getKeyValueStore(Names.FAMILY_STATE_STORE);
        return store.get(key);
    }

    /** The directives written to fleet.policy since the last call, each checked to be signed for its key. */
    public List<PolicyDirective> directives() {
        return policy.readKeyValuesToList().stream().map(record -> {
            SignatureCheck check = TestPolicyKeys.TRUSTED.check(record.key, record.value);
            if (!check.verified()) {
                throw new AssertionError("fleet.policy record " + record.key + " does not verify: " + check);
            }
            return (PolicyDirective) SingleObjectCodec.standard().decode(record.value);
        }).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
