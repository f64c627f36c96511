package io.fleetcompat.agent.kafka;

import io.fleetcompat.agent.events.PolicyAckStep;
import io.fleetcompat.agent.policy.PolicyAcks;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.policy.PolicyTableStore;
import io.fleetcompat.agent.policy.PolicyVerification;
import io.fleetcompat.agent.policy.RefusalListener;
import io.fleetcompat.agent.policy.StoredDirective;
import io.fleetcompat.agent.policy.TableUpdate;
import io.fleetcompat.schema.DeadLetters;
import io.fleetcompat.schema.EventDecodingException;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.signing.SignatureCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link PolicyTable} up to date from the compacted fleet.policy: assigns every partition (no
 * group: each agent reads everything), resumes from the positions stored with the table or from the
 * beginning, and saves the table after each batch, so a restart without Kafka applies the last known
 * policy. Undecodable records, unknown schemas, version regressions and directives that do not fit their
 * key are written to fleet.dead-letters and skipped; the table keeps its last good content. A record that
 * {@link PolicyVerification} refuses (no valid signature by a trusted key, or a tombstone) never reaches the table,
 * whatever its mode or version: it is dead-lettered (POLICY_SIGNATURE) and acknowledged REJECTED with the reason.
 * One per process.
 */
public final class PolicyConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyConsumer.class);
    private static final String TOPIC = Topics.POLICY.name();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final Consumer<String, byte[]> consumer;
    private final PolicyTable table;
    private final PolicyTableStore store;
    private final PolicyVerification verification;
    private final DeadLetterWriter deadLetters;
    private final RefusalListener refusalAcks;
    private final String component;
    private final Clock clock;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Thread thread;
    private List<TopicPartition> assigned = List.of();
    private volatile boolean running = true;

    /**
     * @param refusalAcks where the acks of refused records go (the runtime sends them as one of its hosts' events)
     * @param component   names this agent in dead letters, e.g. "hypervisor-agent@host-17"
     */
    public PolicyConsumer(Consumer<String, byte[]> consumer, PolicyTable table,
                          PolicyTableStore store, PolicyVerification verification, DeadLetterWriter deadLetters,
                          RefusalListener refusalAcks, String component, Clock clock) {
        this.consumer = consumer;
        this.table = table;
        this.store = store;
        this.verification = verification;
        this.deadLetters = deadLetters;
        this.refusalAcks = refusalAcks;
        this.component = component;
        this.clock = clock;
        this.thread = new Thread(this::run, "policy-consumer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Records reported to fleet.dead-letters since start. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** The fatal failure (e.g. not authorized to read fleet.policy) that stopped the consumer, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(fatal.get());
    }

    private void run() {
        while (running) {
            try {
                if (assigned.isEmpty()) {
                    assign();
                    continue;
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    process(records);
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("Policy consumer woken up while running");
                }
            } catch (DeadLetterWriter.DeadLetterNotStoredException e) {
                LOG.error("Policy batch not committed (its good directives are stored and in force), will re-read "
                        + "it and report its bad records again: {}", e.getMessage());
                rewindToStoredPositions();
                pause();
            } catch (RuntimeException e) {
                if (KafkaFailures.classify(e) == KafkaFailures.Kind.FATAL) {
                    fatal.set(e);
                    LOG.error("Policy consumer stopped; the last known policy stays in force", e);
                    return;
                }
                LOG.warn("Kafka unavailable for {}: {}; the last known policy stays in force", TOPIC, e.toString());
                pause();
            }
        }
    }

    private void assign() {
        List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            LOG.warn("{} has no partitions yet; waiting", TOPIC);
            pause();
            return;
        }
        assigned = partitions.stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(assigned);
        rewindToStoredPositions();
        LOG.info("Reading {} ({} partitions) into a policy table of {} targets", TOPIC, assigned.size(), table.size());
    }

    private void rewindToStoredPositions() {
        for (TopicPartition partition : assigned) {
            OptionalLong position = table.position(partition.partition());
            if (position.isPresent()) {
                consumer.seek(partition, position.getAsLong());
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private void process(ConsumerRecords<String, byte[]> records) {
        List<Refusal> refusals = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            apply(record).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            try {
                deadLetters.writeAll(refusals.stream().map(Refusal::letter).toList(), DEAD_LETTER_TIMEOUT);
            } catch (DeadLetterWriter.DeadLetterNotStoredException e) {
                // The batch's good directives are in force in memory, so acks may already speak of them: store
                // them now, at the old positions, so the batch (and its dead letters) is read again, and a
                // restart without Kafka still applies what this host acknowledged.
                save();
                throw e;
            }
            deadLettered.addAndGet(refusals.size());
            // Only once the batch is not read again: a refused record is acknowledged once.
            refusals.forEach(refusal -> refusal.ack().ifPresent(refusalAcks::refused));
        }
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            table.advance(partition.partition(), batch.get(batch.size() - 1).offset() + 1);
        }
        save();
    }

    private void save() {
        try {
            store.save(table.snapshot());
        } catch (IOException e) {
            // The table in memory is right; a restart would re-read from the last saved positions.
            LOG.error("Cannot save the policy table to {}: {}", store.file(), e.toString());
        }
    }

    /** A refused record: its dead letter, and its ack when it was refused for its signature. */
    private record Refusal(DeadLetter letter, Optional<PolicyAckStep> ack) {
    }

    /** Applies one record; returns what to report when it is refused. */
    private Optional<Refusal> apply(ConsumerRecord<String, byte[]> record) {
        PolicyDirective directive = null;
        if (record.value() != null) {
            try {
                SpecificRecord decoded = codec.decode(record.value());
                if (!(decoded instanceof PolicyDirective)) {
                    throw new EventDecodingException(EventDecodingException.Reason.UNEXPECTED_TYPE, null,
                            decoded.getSchema().getName() + " is not accepted on " + TOPIC);
                }
                directive = (PolicyDirective) decoded;
            } catch (EventDecodingException e) {
                LOG.warn("{}-{}@{}: {} ({}); skipped, dead-lettered", record.topic(), record.partition(),
                        record.offset(), e.reason(), e.getMessage());
                return Optional.of(new Refusal(deadLetter(record, e), Optional.empty()));
            }
        }
        if (record.key() != null) {
            Optional<SignatureCheck.Refused> refused = verification.refusal(record.key(), record.value());
            if (refused.isPresent()) {
                return Optional.of(unverified(record, directive, refused.get()));
            }
        }
        TableUpdate update = table.apply(record.key(),
                directive == null ? null : new StoredDirective(directive, record.value()));
        if (update.isRefused()) {
            String why = describe(update);
            LOG.warn("{}-{}@{}: {}; skipped, dead-lettered", record.topic(), record.partition(), record.offset(), why);
            DeadLetter letter = deadLetter(record, new PolicyRecordRefused(why));
            letter.setErrorKind(update instanceof TableUpdate.Regression
                    ? DeadLetterErrorKind.POLICY_REGRESSION : DeadLetterErrorKind.INVALID_CONTENT);
            return Optional.of(new Refusal(letter, Optional.empty()));
        }
        if (update.changesTable()) {
            LOG.info("Policy table: {}", update);
        }
        return Optional.empty();
    }

    /** Neither applied nor stored, whatever it claims (mode, version): dead-lettered and acknowledged REJECTED. */
    private Refusal unverified(ConsumerRecord<String, byte[]> record, PolicyDirective claimed,
                               SignatureCheck.Refused refused) {
        String why = "directive for " + record.key() + " refused, " + refused.reason() + ": " + refused.detail();
        LOG.warn("{}-{}@{}: {}; skipped, dead-lettered", record.topic(), record.partition(), record.offset(), why);
        DeadLetter letter = deadLetter(record, new PolicyRecordRefused(why));
        letter.setErrorKind(DeadLetterErrorKind.POLICY_SIGNATURE);
        return new Refusal(letter, PolicyTargetKeys.targetOf(record.key())
                .map(target -> PolicyAcks.unverified(record.key(), target, claimed, refused)));
    }

    private static String describe(TableUpdate update) {
        if (update instanceof TableUpdate.Regression r) {
            return "version regression for " + r.key() + ": offered version " + r.offered() + " but the table holds "
                    + r.held();
        }
        TableUpdate.Invalid invalid = (TableUpdate.Invalid) update;
        return "invalid directive for " + invalid.key() + ": " + invalid.why();
    }

    private DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, Throwable error) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return DeadLetters.of(record.topic(), record.partition(), record.offset(), key, record.value(), error,
                component, clock);
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the thread and closes the consumer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(15).toMillis());
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Why a decodable fleet.policy record was not applied; the message goes into the dead letter. */
    static final class PolicyRecordRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyRecordRefused(String message) {
            super(message, null, false, false);
        }
    }
}
