package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestOutput;
import io.fleetcompat.rules.policy.InstanceDecision;
import io.fleetcompat.stream.errors.DeadLetterFactory;
import io.fleetcompat.stream.errors.SourceBytes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Carries out what a guest step returned, for the guest-side processors: each output keyed for its topic and
 * forwarded, index updates stored.
 */
final class GuestOutputs {

    private static final Counter DECISIONS = Metrics.counter("fleet_stream_instance_directives");
    private static final Counter REJECTED = Metrics.counter("fleet_stream_events_dead_lettered");

    private GuestOutputs() {
    }

    /**
     * @param source where the input came from, for a dead letter (null for inputs that cannot be rejected)
     */
    static void emit(ProcessorContext<String, Output> context, List<GuestOutput> outputs, long timestamp,
                     GuestIndexes indexes, SourceBytes source) {
        for (GuestOutput output : outputs) {
            if (output instanceof GuestOutput.Decision d) {
                decision(context, timestamp, d.decision());
            } else if (output instanceof GuestOutput.Audit a) {
                context.forward(new Record<>(a.audit().getSubject(), new Output.Audit(a.audit()), timestamp));
            } else if (output instanceof GuestOutput.Signal s) {
                context.forward(new Record<>(s.signal().familyKey(), new Output.Signal(s.signal()), timestamp));
            } else if (output instanceof GuestOutput.Rejected r) {
                deadLetter(context, source, r.reason(), timestamp);
            } else if (output instanceof GuestOutput.FifoImageListed listed) {
                indexes.fifoImages().list(listed);
            } else if (output instanceof GuestOutput.FifoImageUnlisted unlisted) {
                indexes.fifoImages().unlist(unlisted);
            } else if (output instanceof GuestOutput.PinExpiry pin) {
                indexes.pinExpiry(pin);
            }
        }
    }

    /** The input as it arrived, with the reason it was refused, keyed by its source topic. */
    static void deadLetter(ProcessorContext<String, Output> context, SourceBytes source, String reason, long timestamp) {
        REJECTED.increment();
        context.forward(new Record<>(source.topic(), new Output.Dead(DeadLetterFactory.invalid(source, reason,
                DeadLetterFactory.COMPONENT_GUEST, timestamp)), timestamp));
    }

    /** The directive (unless OBSERVE: audited only) keyed by its policy key, and its audit record. */
    private static void decision(ProcessorContext<String, Output> context, long timestamp, InstanceDecision decision) {
        DECISIONS.increment();
        String policyKey = decision.audit().getSubject();
        if (decision.sendToAgents()) {
            context.forward(new Record<>(policyKey, new Output.Directive(decision.directive()), timestamp));
        }
        context.forward(new Record<>(policyKey, new Output.Audit(decision.audit()), timestamp));
    }
}
