package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.policy.FamilyDirectiveView;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The family processor's directives as the view guest tasks receive, stamped with their issue time (never later
 * than the record that caused them). A task takes the record with the lowest timestamp among its inputs first,
 * so a lagging guest task answers a new denial before its backlog of later guest events, narrowing the time
 * between agents reading the family directive and the guests' permits reaching them.
 */
final class FamilyDirectiveViews extends ContextualProcessor<String, Output, String, FamilyDirectiveView> {

    @Override
    public void process(Record<String, Output> record) {
        if (record.value() instanceof Output.Directive directive) {
            FamilyDirectiveView view = FamilyDirectiveView.of(directive.value());
            context().forward(record.withValue(view).withTimestamp(Math.min(record.timestamp(), view.issuedAt())));
        }
    }
}
