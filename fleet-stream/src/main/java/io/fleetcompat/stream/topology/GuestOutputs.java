package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.stream.detect.Finding;
import io.fleetcompat.stream.detect.FindingAudits;
import io.fleetcompat.stream.policy.InstanceDecision;
import io.fleetcompat.stream.state.GuestState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** What the guest-side processors emit about a guest: the audits of its findings and its directive versions. */
final class GuestOutputs {

    private static final Counter DECISIONS = Metrics.counter("fleet_stream_instance_directives");

    private GuestOutputs() {
    }

    static void audits(ProcessorContext<String, Output> context, GuestState guest, List<Finding> findings, long at,
                       long timestamp) {
        for (AuditRecord audit : FindingAudits.of(guest, findings, at)) {
            context.forward(new Record<>(audit.getSubject(), new Output.Audit(audit), timestamp));
        }
    }

    /** The directive (unless OBSERVE: audited only) keyed by its policy key, and its audit record. */
    static void decision(ProcessorContext<String, Output> context, long timestamp, InstanceDecision decision) {
        DECISIONS.increment();
        if (decision.sendToAgents()) {
            String policyKey = decision.audit().getSubject();
            context.forward(new Record<>(policyKey, new Output.Directive(decision.directive()), timestamp));
        }
        context.forward(new Record<>(decision.audit().getSubject(), new Output.Audit(decision.audit()), timestamp));
    }
}
