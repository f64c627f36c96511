package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestCommand;
import io.fleetcompat.schema.AvroSerdes;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.signing.PolicySigner;
import io.fleetcompat.stream.errors.DeadLetterSink;
import io.fleetcompat.stream.errors.DecodeProcessor;
import io.fleetcompat.stream.errors.KafkaDeadLetterSink;
import io.fleetcompat.stream.errors.Decoded;
import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.rules.policy.FamilyDirectiveView;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.HostSequences;
import io.fleetcompat.rules.guest.PendingFifoImage;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole fleet-stream topology, built by one method a plain JUnit test can call:
 * <pre>
 * fleet.events (bytes) -> decode -> guest processor [guest-state-store, known-hosts-store] -> outputs
 *                               \-> dead letters                        \-> family signals
 * fleet.commands (bytes) -> decode -> route: PIN/UNPIN -> guest-commands repartition -> guest processor
 *                                            rollout cmds + family signals -> family-inputs repartition
 *                                                     -> family processor [family-state-store] -> outputs
 * family directives -> family-directives repartition (to every partition) -> family denial processor
 *                      [guest-state-store, family-denials-store, fifo-images-store, shared with the guest processor]
 *                      -> instance permits for FIFO images -> outputs
 * fleet.hosts (bytes) -> known-hosts-store (global); bad records -> DeadLetterSink -> fleet.dead-letters
 * outputs: fleet.policy (each directive signed as it leaves), fleet.audit, fleet.rollouts, fleet.dead-letters
 * </pre>
 */
public final class FleetTopology {

    private FleetTopology() {
    }

    public static Topology build(FleetStreamConfig config, PolicySigner signer) {
        return build(new StreamsBuilder(), config, Optional.of(signer));
    }

    /**
     * @param publisher present: write fleet.policy (every directive signed with it), audit, rollouts and
     *                  dead-letters; empty: build the same state without writing any of them (the replay tool
     *                  rebuilds state under a fresh application id and must not talk to agents)
     */
    public static Topology build(StreamsBuilder builder, FleetStreamConfig config, Optional<PolicySigner> publisher) {
        return build(builder, config, publisher,
                publisher.isPresent() ? new KafkaDeadLetterSink() : DeadLetterSink.loggingOnly());
    }

    /**
     * @param hostDeadLetters where bad fleet.hosts records go: the global store's processor has no downstream,
     *                        so they leave through this sink (tests pass one that captures them)
     */
    public static Topology build(StreamsBuilder builder, FleetStreamConfig config, Optional<PolicySigner> publisher,
                                 DeadLetterSink hostDeadLetters) {
        FifoCapableProfiles fifoCapable = new FifoCapableProfiles();
        addStores(builder, hostDeadLetters, fifoCapable);

        KStream<String, Decoded<SpecificRecord>> events = builder
                .stream(Topics.EVENTS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("fleet-events-source"))
                .process(() -> new DecodeProcessor<>(decoder(Topics.EVENTS.name(),
                        Topics.EVENTS.valueSerde().deserializer())), Named.as(Names.DECODE_EVENTS));
        KStream<String, Output> undecodableEvents = events
                .filter((k, v) -> v instanceof Decoded.Failed, Named.as("undecodable-events"))
                .map((k, v) -> deadLetterOf(v), Named.as("undecodable-events-as-output"));
        KStream<String, GuestInput> decodedEvents = events
                .filter((k, v) -> v instanceof Decoded.Ok, Named.as("decoded-events"))
                .mapValues(v -> (GuestInput) new GuestInput.Event(((Decoded.Ok<SpecificRecord>) v).value(),
                        ((Decoded.Ok<SpecificRecord>) v).source()), Named.as("decoded-events-as-guest-input"));

        KStream<String, RoutedCommand> commands = builder
                .stream(Topics.COMMANDS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("fleet-commands-source"))
                .process(() -> new DecodeProcessor<OperatorCommand>(decoder(Topics.COMMANDS.name(),
                        Topics.COMMANDS.valueSerde().deserializer())), Named.as(Names.DECODE_COMMANDS))
                .process(CommandRouter::new, Named.as(Names.ROUTE_COMMANDS));
        KStream<String, GuestInput> guestCommands = commands
                .filter((k, v) -> v instanceof RoutedCommand.ToGuest, Named.as("guest-commands"))
                .mapValues(v -> ((RoutedCommand.ToGuest) v).command(), Named.as("guest-commands-unwrapped"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(GuestCommand.class))
                        .withName(Names.GUEST_COMMANDS_REPARTITION))
                .mapValues(c -> (GuestInput) new GuestInput.Command(c), Named.as("guest-commands-as-guest-input"));
        KStream<String, FamilyInput> familyCommands = commands
                .filter((k, v) -> v instanceof RoutedCommand.ToFamily, Named.as("rollout-commands"))
                .mapValues(v -> (FamilyInput) new FamilyInput.Command(((RoutedCommand.ToFamily) v).command()),
                        Named.as("rollout-commands-as-family-input"));
        KStream<String, Output> commandOutputs = commands
                .filter((k, v) -> v instanceof RoutedCommand.Invalid || v instanceof RoutedCommand.Rejected,
                        Named.as("unusable-commands"))
                .map((k, v) -> v instanceof RoutedCommand.Invalid i
                        ? new KeyValue<String, Output>(Topics.COMMANDS.name(),
                        new Output.Dead(i.deadLetter()))
                        : new KeyValue<String, Output>(k,
                        new Output.Audit(((RoutedCommand.Rejected) v).audit())), Named.as("unusable-commands-as-output"));

        KStream<String, Output> guestOutputs = decodedEvents
                .merge(guestCommands, Named.as("guest-inputs"))
                .process(() -> new GuestProcessor(config, fifoCapable), Named.as(Names.GUEST_PROCESSOR),
                        Names.GUEST_STATE_STORE,
                        Names.GUESTLESS_SEQUENCES_STORE, Names.FAMILY_DENIALS_STORE, Names.FIFO_IMAGES_STORE,
                        Names.PARKED_EVENTS_STORE, Names.PIN_EXPIRIES_STORE);

        KStream<String, Output> familyOutputs = guestOutputs
                .filter((k, v) -> v instanceof Output.Signal, Named.as("family-signals"))
                .mapValues(v -> (FamilyInput) new FamilyInput.Signal(((Output.Signal) v).value()),
                        Named.as("family-signals-as-family-input"))
                .merge(familyCommands, Named.as("family-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(FamilyInput.class))
                        .withName(Names.FAMILY_INPUTS_REPARTITION))
                .process(() -> new FamilyProcessor(config), Named.as(Names.FAMILY_PROCESSOR), Names.FAMILY_STATE_STORE);

        // Family directives are few and guests many: each directive goes to every guest task (a loop back into the
        // guest processor's tasks, through a topic), which keeps its own copy of the denials and permits its guests
        // already hibernated with a FIFO image when a denial of their family begins.
        KStream<String, Output> familyDenialOutputs = familyOutputs
                .process(FamilyDirectiveViews::new, Named.as("family-directives-as-views"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(FamilyDirectiveView.class))
                        .withName(Names.FAMILY_DIRECTIVES_REPARTITION).withStreamPartitioner(new AllPartitions<>()))
                .process(() -> new FamilyDenialProcessor(config), Named.as(Names.FAMILY_DENIAL_PROCESSOR),
                        Names.GUEST_STATE_STORE, Names.FAMILY_DENIALS_STORE, Names.FIFO_IMAGES_STORE,
                        Names.PIN_EXPIRIES_STORE);

        publisher.ifPresent(signer -> {
            OutputRouting.route(guestOutputs.filter((k, v) -> !(v instanceof Output.Signal),
                    Named.as("guest-outputs")), "guest", signer);
            OutputRouting.route(familyOutputs, "family", signer);
            OutputRouting.route(familyDenialOutputs, "family-denial", signer);
            OutputRouting.route(undecodableEvents.merge(commandOutputs, Named.as("input-rejects")), "inputs", signer);
        });
        return builder.build();
    }

    /** Cached stores: a guest's several events within one commit interval write one changelog record. */
    private static void addStores(StreamsBuilder builder, DeadLetterSink hostDeadLetters,
                                  FifoCapableProfiles fifoCapable) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.GUEST_STATE_STORE),
                Serdes.String(), new JsonSerde<>(GuestState.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.GUESTLESS_SEQUENCES_STORE), Serdes.String(),
                new JsonSerde<>(HostSequences.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.FAMILY_STATE_STORE),
                Serdes.String(), new JsonSerde<>(FamilyState.class)).withCachingEnabled());
        // In the guest tasks: each task's copy of the family denials, and its guests' pending FIFO images.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.FAMILY_DENIALS_STORE),
                Serdes.String(), new JsonSerde<>(FamilyDenial.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.FIFO_IMAGES_STORE),
                Serdes.String(), new JsonSerde<>(PendingFifoImage.class)).withCachingEnabled());
        // Uncached, like parking: pins with an expiry are few, and a punctuation iterates them.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.PIN_EXPIRIES_STORE),
                Serdes.String(), Serdes.Long()));
        // Uncached: parking is rare, and its punctuation iterates the store.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.PARKED_EVENTS_STORE),
                Serdes.String(), new JsonSerde<>(ParkedEvents.class)));
        // Global: any guest's event may come from any host. Its source topic is its changelog.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.KNOWN_HOSTS_STORE),
                                Serdes.String(), AvroSerdes.forType(HostStatus.class)).withLoggingDisabled(),
                Topics.HOSTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(Names.HOSTS_PROCESSOR),
                () -> new KnownHostsUpdater(hostDeadLetters, fifoCapable));
    }

    private static <T> Function<byte[], T> decoder(String topic, Deserializer<T> deserializer) {
        return bytes -> deserializer.deserialize(topic, bytes);
    }

    private static KeyValue<String, Output> deadLetterOf(Decoded<?> failed) {
        Decoded.Failed<?> f = (Decoded.Failed<?>) failed;
        return new KeyValue<>(f.deadLetter().getSourceTopic(), new Output.Dead(f.deadLetter()));
    }
}
