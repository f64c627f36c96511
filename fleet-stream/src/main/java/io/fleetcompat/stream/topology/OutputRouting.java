package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.signing.PolicySigner;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Sends each kind of {@link Output} to its topic. fleet-stream is the one writer of fleet.policy,
 * fleet.rollouts and fleet.audit. OBSERVE directives never reach fleet.policy (agents would see them):
 * their audit record is the whole dry run. Every directive is signed here, bound to the key it is written under:
 * the one place directives leave the topology, so no decision code knows about keys.
 */
final class OutputRouting {

    private OutputRouting() {
    }

    static void route(KStream<String, Output> outputs, String prefix, PolicySigner signer) {
        outputs.filter((k, v) -> v instanceof Output.Directive d && d.value().getMode() != PolicyMode.OBSERVE,
                        Named.as(prefix + "-enforceable-directives"))
                .mapValues((k, v) -> signer.sign(k, ((Output.Directive) v).value()), Named.as(prefix + "-as-directive"))
                .to(Topics.POLICY.name(), Produced.with(Topics.POLICY.keySerde(), Topics.POLICY.valueSerde())
                        .withName(prefix + "-to-fleet-policy"));
        outputs.filter((k, v) -> v instanceof Output.Audit, Named.as(prefix + "-audits"))
                .mapValues(v -> ((Output.Audit) v).value(), Named.as(prefix + "-as-audit"))
                .to(Topics.AUDIT.name(), Produced.with(Topics.AUDIT.keySerde(), Topics.AUDIT.valueSerde())
                        .withName(prefix + "-to-fleet-audit"));
        outputs.filter((k, v) -> v instanceof Output.Dead, Named.as(prefix + "-dead-letters"))
                .mapValues(v -> ((Output.Dead) v).value(), Named.as(prefix + "-as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(),
                        Topics.DEAD_LETTERS.valueSerde()).withName(prefix + "-to-fleet-dead-letters"));
        outputs.filter((k, v) -> v instanceof Output.Rollout, Named.as(prefix + "-rollouts"))
                .mapValues(v -> ((Output.Rollout) v).value(), Named.as(prefix + "-as-rollout"))
                .to(Topics.ROLLOUTS.name(), Produced.with(Topics.ROLLOUTS.keySerde(), Topics.ROLLOUTS.valueSerde())
                        .withName(prefix + "-to-fleet-rollouts"));
    }
}
