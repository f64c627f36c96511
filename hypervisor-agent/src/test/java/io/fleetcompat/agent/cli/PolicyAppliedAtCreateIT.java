package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.host.GuestSpec;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.LifecycleOutcome;
import io.fleetcompat.agent.policy.MatchedDirective;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (policy at create, end to end): a directive produced to fleet.policy reaches the agent's table and
 * the model-backed toolstack applies it at the guest's next create (the Xen domain lacks evtchn_fifo), acks it on
 * fleet.events, keeps applying it after a garbage record on fleet.policy, and after a restart with the broker
 * down (from the persisted table).
 */
class PolicyAppliedAtCreateIT {

    private static final String HOST = "policy-at-create-host";
    private static final String GUEST = "6f1c2a1e-guest-at-create";
    private static final String KEY = "instance:" + GUEST;
    private static final GuestSpec SPEC = GuestSpec.hvm(GUEST, KernelProfile.LINUX_5_10, 2);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldApplyAnEnforceDirectiveFromKafkaAtTheNextCreateAndAfterARestartWithoutKafka() throws Exception {
        try (EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
             PolicyTopicWriter policyTopic = new PolicyTopicWriter(kafka.bootstrapServers())) {
            kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(3, (short) 1)).toList());
            AgentConfig config = config(kafka.bootstrapServers());

            try (AgentRuntime runtime = AgentRuntime.start(config, HOST);
                 HostEventsReader events = new HostEventsReader(kafka.bootstrapServers(), List.of(Topics.EVENTS.name()));
                 HostEventsReader deadLetters = new HostEventsReader(kafka.bootstrapServers(),
                         List.of(Topics.DEAD_LETTERS.name()))) {
                // Given an agent whose model-backed host runs PROPOSED, where a guest boots with FIFO by default
                ModelBackedHost host = ModelBackedHost.withDefaults();
                runtime.addHost(config.host(), host);
                HostToolstack toolstack = host.toolstack();
                assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
                assertThat(flagsOf(toolstack)).contains("evtchn_fifo");
                toolstack.destroy(GUEST, DestroyReason.SHUTDOWN);

                // When fleet-stream publishes ENFORCE "deny evtchn_fifo" for this guest
                policyTopic.send(KEY, SingleObjectCodec.standard().encode(denyFifo(1)));
                Eventually.await("directive v1 in the table", WAIT, () -> versionInTable(runtime).equals(Optional.of(1L)));

                // Then the guest's next create gets a domain without evtchn_fifo
                assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
                int domid = toolstack.domidOf(GUEST).orElseThrow();
                assertThat(flagsOf(toolstack)).doesNotContain("evtchn_fifo").contains("evtchn_upcall");
                // and fleet.events carries the APPLIED ack of that target and version, naming the domain
                PolicyAck ack = awaitAppliedAck(events, domid);
                assertThat(ack.getTarget().getKind()).isEqualTo(PolicyTargetKind.INSTANCE);
                assertThat(ack.getMode()).isEqualTo(PolicyMode.ENFORCE);
                assertThat(ack.getDomain().getHostId()).isEqualTo(HOST);
                assertThat(ack.getAppliedControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);

                // When garbage arrives on fleet.policy under the guest's key
                policyTopic.send(KEY, "not a directive".getBytes());
                Eventually.await("the garbage record dead-lettered", WAIT,
                        () -> deadLetters.poll().stream().anyMatch(seen -> seen.record() instanceof DeadLetter));
                // Then the agent keeps creating the guest's domains under its last good policy
                toolstack.destroy(GUEST, DestroyReason.SHUTDOWN);
                assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
                assertThat(flagsOf(toolstack)).doesNotContain("evtchn_fifo");
                awaitAppliedAck(events, toolstack.domidOf(GUEST).orElseThrow());
            }

            // When the agent restarts while the broker is down
            kafka.stopNode(0);
            try (AgentRuntime restarted = AgentRuntime.start(config, HOST)) {
                ModelBackedHost host = ModelBackedHost.withDefaults();
                restarted.addHost(config.host(), host);
                // Then the next create still applies the directive, from the persisted table
                assertThat(host.toolstack().bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
                assertThat(flagsOf(host.toolstack())).doesNotContain("evtchn_fifo");
                assertThat(host.toolstack().controlsOf(GUEST)).hasValueSatisfying(
                        controls -> assertThat(controls.evtchnFifo()).isEqualTo(ControlSetting.DENY));
            }
        }
    }

    private static List<String> flagsOf(HostToolstack toolstack) {
        return toolstack.xen().inspect(toolstack.domidOf(GUEST).orElseThrow()).flags();
    }

    private static Optional<Long> versionInTable(AgentRuntime runtime) {
        return runtime.policyTable().directiveFor(GUEST, null, HOST, XenProfile.PROPOSED).map(MatchedDirective::version);
    }

    /** The APPLIED ack of directive v1 for the domain {@code domid} of the guest, once it is on fleet.events. */
    private static PolicyAck awaitAppliedAck(HostEventsReader events, int domid) throws InterruptedException {
        PolicyAck[] found = new PolicyAck[1];
        Eventually.await("PolicyAck APPLIED for domain " + domid, WAIT, () -> {
            for (HostEventsReader.Seen seen : events.poll()) {
                if (seen.record() instanceof PolicyAck ack && ack.getOutcome() == AckOutcome.APPLIED
                        && GUEST.equals(ack.getTarget().getInstanceId()) && ack.getDirectiveVersion() == 1
                        && ack.getDomain() != null && ack.getDomain().getDomid() == domid) {
                    assertThat(seen.key()).isEqualTo(GUEST);
                    found[0] = ack;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static PolicyDirective denyFifo(long version) {
        return PolicyDirective.newBuilder()
                .setDirectiveId("deny-fifo-" + version)
                .setTarget(new PolicyTarget(PolicyTargetKind.INSTANCE, GUEST, null))
                .setControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST, "image is 2-level"))
                .setVersion(version)
                .setMode(PolicyMode.ENFORCE)
                .setIssuedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build();
    }

    private AgentConfig config(String bootstrap) {
        return AgentConfigFactory.fromSettings(Map.of(
                "bootstrap.servers", bootstrap,
                "host.id", HOST,
                "xen.profile", "PROPOSED",
                "fifo.built.in", "true",
                "outbox.dir", dir.resolve("outbox").toString(),
                "policy.table.file", dir.resolve("policy-table.json").toString(),
                "heartbeat.interval.ms", "3600000"));
    }
}
