package io.fleetcompat.agent.kafka;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Splits Kafka send failures into retriable (Kafka down, leader moving, timeouts: keep the events and try
 * again) and fatal (authentication, authorization, a record the broker will never take, a misconfigured
 * client: retrying cannot help, so stop and say why). Nothing is lost either way: the outbox keeps every
 * unacknowledged event for the next attempt or the next start.
 */
public final class KafkaFailures {

    public enum Kind { RETRIABLE, FATAL }

    private KafkaFailures() {
    }

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return Kind.RETRIABLE;
            }
        }
        return Kind.FATAL;
    }
}
