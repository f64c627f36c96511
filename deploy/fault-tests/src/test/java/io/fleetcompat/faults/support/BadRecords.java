package io.fleetcompat.faults.support;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Generated bad records, each of which a component must dead-letter: random bytes, truncated Avro, an unknown schema
 * fingerprint, forged lengths, a huge map, the wrong record type, no key, and valid Avro that is still wrong (a key
 * that is not the record's subject, an impossible transition, a version regression, an impossible value). Fleet-stream
 * reads fleet.events, fleet.hosts and fleet.commands; the agents read fleet.policy. Seeded: a run is reproducible.
 * The records that set the scene (fuzz hosts' heartbeats, the directive a regression goes below) are not bad records:
 * {@link #scene()} lists them apart.
 */
public final class BadRecords {

    /** One record to produce, the kind of badness it carries, and the topic it goes to. */
    public record Bad(String topic, String kind, byte[] key, byte[] value) {
    }

    private static final SingleObjectCodec CODEC = SingleObjectCodec.standard();
    /** Avro's varint of the zig-zag encoded 2^30: a length no message holds. */
    private static final byte[] FORGED = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    /** A few: each is a few hundred KB. */
    private static final int HUGE_MAPS = 12;
    /** Every guest, host and target the fuzzer names starts so. */
    public static final String FUZZ = "fuzz-";
    private static final String REGRESSED = FUZZ + "regressed-guest";
    private static final java.util.Set<String> COMPACTED = Topics.all().stream()
            .filter(t -> t.configs(t.durability()).get(org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG).contains("compact"))
            .map(t -> t.name()).collect(java.util.stream.Collectors.toSet());

    private final SplittableRandom random;
    private final SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
    private final List<SimHost> hosts = new ArrayList<>();

    public BadRecords(long seed, int fuzzHosts) {
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < fuzzHosts; i++) {
            hosts.add(new SimHost(FUZZ + "host-" + i, i % 2 == 0 ? XenProfile.LEGACY_2L : XenProfile.PROPOSED, true, clock));
        }
    }

    /**
     * Records that must be in place first: the fuzz hosts' heartbeats, a high version to regress below. The fuzzer
     * cannot sign, so the agents refuse that directive and every forged one on fleet.policy for its signature before
     * their table sees its version (the table's own refusals are PolicyTablePropertiesTest's).
     */
    public List<Bad> scene() {
        List<Bad> scene = new ArrayList<>();
        for (SimHost host : hosts) {
            scene.add(record(Topics.HOSTS.name(), "scene", host.id(), host.status()));
        }
        scene.add(record(Topics.POLICY.name(), "scene", "instance:" + REGRESSED, directive(REGRESSED, 1_000_000, 1.0)));
        return scene;
    }

    /** {@code perTopic} bad records for each of fleet.events, fleet.hosts, fleet.commands and fleet.policy. */
    public List<Bad> generate(int perTopic) {
        List<Bad> all = new ArrayList<>();
        all.addAll(forTopic(Topics.EVENTS.name(), perTopic, this::event, List.of(
                () -> record(Topics.EVENTS.name(), "wrong record type", guest(), hostStatus()),
                () -> impossibleTransition(),
                () -> keyNotSubject(),
                () -> new Bad(Topics.EVENTS.name(), "no value", bytes(guest()), null))));
        all.addAll(forTopic(Topics.HOSTS.name(), perTopic, this::hostStatus, List.of(
                () -> record(Topics.HOSTS.name(), "wrong record type", host().id(), event()),
                () -> {
                    HostStatus status = hostStatus();
                    return record(Topics.HOSTS.name(), "key is not the host", "not-" + status.getHeader().getHostId(),
                            status);
                })));
        all.addAll(forTopic(Topics.COMMANDS.name(), perTopic, this::command, List.of(
                () -> record(Topics.COMMANDS.name(), "wrong record type", guest(), event()),
                () -> record(Topics.COMMANDS.name(), "PIN without a guest", "pin",
                        Events.command(UUID.randomUUID().toString(), OperatorAction.PIN, null, null, null, clock.now())),
                () -> record(Topics.COMMANDS.name(), "unknown action", "cmd",
                        Events.command(UUID.randomUUID().toString(), OperatorAction.UNKNOWN, null, guest(),
                                ControlSetting.DENY, clock.now())),
                () -> new Bad(Topics.COMMANDS.name(), "no value", bytes("cmd"), null))));
        all.addAll(forTopic(Topics.POLICY.name(), perTopic, () -> directive(guest(), 1, 1.0), List.of(
                () -> record(Topics.POLICY.name(), "wrong record type", "instance:" + guest(), hostStatus()),
                () -> record(Topics.POLICY.name(), "key is not the target", "instance:" + guest(),
                        directive(guest(), 1, 1.0)),
                () -> record(Topics.POLICY.name(), "version regression", "instance:" + REGRESSED,
                        directive(REGRESSED, 1 + random.nextInt(999_999), 1.0)),
                () -> {
                    String guest = guest();
                    return record(Topics.POLICY.name(), "cohort fraction out of range", "instance:" + guest,
                            directive(guest, 1, 1.5 + random.nextDouble()));
                })));
        return all;
    }

    /**
     * The kinds every topic gets (random bytes, truncated, unknown fingerprint, forged length, no key where the
     * broker takes one, and for fleet.events a few huge maps), then the topic's own kinds, round-robin, until
     * {@code count}.
     */
    private List<Bad> forTopic(String topic, int count, Supplier<SpecificRecord> valid, List<Supplier<Bad>> own) {
        List<Supplier<Bad>> kinds = new ArrayList<>(List.of(
                () -> new Bad(topic, "random bytes", bytes(guest()), randomBytes(1 + random.nextInt(300))),
                () -> truncated(topic, valid.get()),
                () -> unknownFingerprint(topic, valid.get()),
                () -> forgedLength(topic, valid.get())));
        if (!COMPACTED.contains(topic)) {
            // A compacted topic's broker refuses a record without a key: it never reaches a reader.
            kinds.add(() -> new Bad(topic, "no key", null, CODEC.encode(valid.get())));
        }
        kinds.addAll(own);
        List<Bad> bad = new ArrayList<>();
        if (topic.equals(Topics.EVENTS.name())) {
            for (int i = 0; i < HUGE_MAPS; i++) {
                bad.add(hugeMap());
            }
        }
        for (int i = 0; bad.size() < count; i++) {
            bad.add(kinds.get(i % kinds.size()).get());
        }
        return bad;
    }

    private Bad truncated(String topic, SpecificRecord record) {
        byte[] whole = CODEC.encode(record);
        // Keep the header (10 bytes) and at least one body byte; drop at least one.
        return new Bad(topic, "truncated Avro", bytes(guest()), Arrays.copyOf(whole, 11 + random.nextInt(whole.length - 11)));
    }

    private Bad unknownFingerprint(String topic, SpecificRecord record) {
        byte[] bytes = CODEC.encode(record);
        for (int i = 2; i < 10; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return new Bad(topic, "unknown fingerprint", bytes(guest()), bytes);
    }

    /** The body's first field is a string (every record's header starts with its event id): its length becomes 2^30. */
    private Bad forgedLength(String topic, SpecificRecord record) {
        byte[] bytes = CODEC.encode(record);
        byte[] forged = new byte[bytes.length - 1 + FORGED.length];
        System.arraycopy(bytes, 0, forged, 0, 10);
        System.arraycopy(FORGED, 0, forged, 10, FORGED.length);
        System.arraycopy(bytes, 11, forged, 10 + FORGED.length, bytes.length - 11);
        return new Bad(topic, "forged length", bytes(guest()), forged);
    }

    /** A hypercall result with more arguments than any message may hold (70,000 entries, ~0.4 MB). */
    private Bad hugeMap() {
        String guest = guest();
        HypercallResult result = Events.bindInterdomain(host().next(), guest, 1, false);
        Map<String, Long> arguments = new HashMap<>();
        for (int i = 0; i < 70_000; i++) {
            arguments.put(Integer.toString(i, 36), (long) i);
        }
        result.setArguments(arguments);
        return record(Topics.EVENTS.name(), "huge map", guest, result);
    }

    /** Valid events of a guest the fleet never saw: a resume with no image, or the end of a domain never created. */
    private Bad impossibleTransition() {
        String guest = guest();
        SimHost host = host();
        SpecificRecord event = random.nextBoolean() ? Events.resumed(host.next(), guest, 7, true)
                : Events.destroyed(host.next(), guest, 7, DestroyReason.SHUTDOWN);
        return record(Topics.EVENTS.name(), "impossible transition", guest, event);
    }

    private Bad keyNotSubject() {
        return record(Topics.EVENTS.name(), "key is not the guest", guest(),
                Events.booted(host().next(), guest(), 3, EvtchnAbi.TWO_LEVEL));
    }

    private SpecificRecord event() {
        return Events.freshBoot(host().next(), guest(), 1 + random.nextInt(100));
    }

    private HostStatus hostStatus() {
        return host().status();
    }

    private SpecificRecord command() {
        return Events.command(UUID.randomUUID().toString(), OperatorAction.PIN, null, guest(), ControlSetting.DENY,
                clock.now());
    }

    private static PolicyDirective directive(String guest, long version, double cohortFraction) {
        PolicyTarget target = PolicyTarget.newBuilder().setKind(PolicyTargetKind.INSTANCE).setInstanceId(guest).build();
        return PolicyDirective.newBuilder().setDirectiveId(UUID.randomUUID().toString()).setTarget(target)
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "fuzz"))
                .setEvidenceEventIds(List.of()).setVersion(version).setCohortFraction(cohortFraction)
                .setMode(PolicyMode.ENFORCE).setIssuedAt(Instant.now()).build();
    }

    private static Bad record(String topic, String kind, String key, SpecificRecord value) {
        return new Bad(topic, kind, bytes(key), CODEC.encode(value));
    }

    private SimHost host() {
        return hosts.get(random.nextInt(hosts.size()));
    }

    private String guest() {
        return FUZZ + new UUID(random.nextLong(), random.nextLong());
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
