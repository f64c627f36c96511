package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.kafka.DeadLetterWriter;
import io.fleetcompat.agent.kafka.KafkaClientSettings;
import io.fleetcompat.agent.kafka.OutboxPublisher;
import io.fleetcompat.agent.kafka.PolicyConsumer;
import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.agent.policy.PolicyTable;
import io.fleetcompat.agent.policy.PolicyTableStore;
import io.fleetcompat.agent.policy.PolicyVerification;
import io.fleetcompat.agent.policy.RefusalListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;

/** The agent's Kafka side: one producer (outbox publisher and dead letters) and the policy consumer. */
final class KafkaLink implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final OutboxPublisher publisher;
    private final PolicyConsumer policyConsumer;

    private KafkaLink(KafkaProducer<String, byte[]> producer, OutboxPublisher publisher, PolicyConsumer policyConsumer) {
        this.producer = producer;
        this.publisher = publisher;
        this.policyConsumer = policyConsumer;
    }

    /** The clients only, not started: a bad passthrough setting fails here. */
    static Clients clients(KafkaClientSettings kafka) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties());
        try {
            return new Clients(producer, new KafkaConsumer<>(kafka.consumerProperties()));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    record Clients(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer) {
        void close() {
            producer.close(Duration.ZERO);
            consumer.close(Duration.ZERO);
        }
    }

    /** How fleet.policy records are checked, and who acknowledges the refused ones. */
    record PolicyIntake(PolicyVerification verification, RefusalListener refusals) {
    }

    /** Starts publishing the outbox and reading fleet.policy into the table. */
    static KafkaLink start(Clients clients, Outbox outbox, PolicyTable table, PolicyTableStore store,
                           PolicyIntake intake, String component, Clock clock) {
        OutboxPublisher publisher = new OutboxPublisher(outbox, clients.producer());
        PolicyConsumer policyConsumer = new PolicyConsumer(clients.consumer(), table, store, intake.verification(),
                new DeadLetterWriter(clients.producer()), intake.refusals(), component, clock);
        publisher.start();
        policyConsumer.start();
        return new KafkaLink(clients.producer(), publisher, policyConsumer);
    }

    /**
     * Kafka's clients resolve their bootstrap names when they are built and refuse to be built when none
     * resolves (kafka-clients 4.1): a name server that is down says nothing about the settings.
     */
    static boolean unresolvableBootstrap(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException && String.valueOf(t.getMessage()).contains("No resolvable bootstrap urls")) {
                return true;
            }
        }
        return false;
    }

    Optional<Throwable> fatalFailure() {
        return publisher.failure().or(policyConsumer::failure);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            policyConsumer.close();
        } finally {
            publisher.stop(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }
}
