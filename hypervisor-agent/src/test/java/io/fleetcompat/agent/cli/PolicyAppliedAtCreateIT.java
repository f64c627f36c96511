package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.host.GuestSpec;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.LifecycleOutcome;
import io.fleetcompat.agent.policy.TestPolicyKeys;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
        try (AgentOnBroker agent = AgentOnBroker.start(HOST, dir)) {
            // Given an agent whose model-backed host runs PROPOSED, where a guest boots with FIFO by default
            HostToolstack toolstack = agent.toolstack;
            assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            assertThat(agent.flagsOf(GUEST)).contains("evtchn_fifo");
            toolstack.destroy(GUEST, DestroyReason.SHUTDOWN);

            // When fleet-stream publishes ENFORCE "deny evtchn_fifo" for this guest, signed
            agent.policyTopic.send(KEY, TestPolicyKeys.signed(denyFifo(1)));
            Eventually.await("directive v1 in the table", WAIT, () -> agent.versionInTable(GUEST).equals(Optional.of(1L)));

            // Then the guest's next create gets a domain without evtchn_fifo
            assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            int domid = toolstack.domidOf(GUEST).orElseThrow();
            assertThat(agent.flagsOf(GUEST)).doesNotContain("evtchn_fifo").contains("evtchn_upcall");
            // and fleet.events carries the APPLIED ack of that target and version, naming the domain
            PolicyAck ack = awaitAppliedAck(agent.events, domid);
            assertThat(ack.getTarget().getKind()).isEqualTo(PolicyTargetKind.INSTANCE);
            assertThat(ack.getMode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(ack.getDomain().getHostId()).isEqualTo(HOST);
            assertThat(ack.getAppliedControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);

            // When garbage arrives on fleet.policy under the guest's key
            agent.policyTopic.send(KEY, "not a directive".getBytes());
            Eventually.await("the garbage record dead-lettered", WAIT,
                    () -> agent.deadLetters.poll().stream().anyMatch(seen -> seen.record() instanceof DeadLetter));
            // Then the agent keeps creating the guest's domains under its last good policy
            toolstack.destroy(GUEST, DestroyReason.SHUTDOWN);
            assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            assertThat(agent.flagsOf(GUEST)).doesNotContain("evtchn_fifo");
            awaitAppliedAck(agent.events, toolstack.domidOf(GUEST).orElseThrow());

            // When the agent restarts while the broker is down
            HostToolstack restarted = agent.restartWithoutKafka().toolstack();
            // Then the next create still applies the directive, from the persisted table
            assertThat(restarted.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            assertThat(restarted.xen().inspect(restarted.domidOf(GUEST).orElseThrow()).flags())
                    .doesNotContain("evtchn_fifo");
            assertThat(restarted.controlsOf(GUEST)).hasValueSatisfying(
                    controls -> assertThat(controls.evtchnFifo()).isEqualTo(ControlSetting.DENY));
        }
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
}
