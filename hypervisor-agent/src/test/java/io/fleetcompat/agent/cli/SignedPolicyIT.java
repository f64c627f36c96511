package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.host.GuestSpec;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.LifecycleOutcome;
import io.fleetcompat.agent.policy.Directives;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReason;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (signed policies, real broker): a directive signed by a key the agent does not trust, an unsigned one,
 * a forged tombstone and the genuine directive re-stamped with version Long.MAX_VALUE each leave the agent's table
 * and the flags it applies unchanged, and each is visible: a PolicyAck REJECTED with its reason on fleet.events and
 * a dead letter POLICY_SIGNATURE on fleet.dead-letters. The next genuine version still applies (the forged maximum
 * never advanced the table), and the stored table, verified again, is what a restart without Kafka applies.
 */
class SignedPolicyIT {

    private static final String HOST = "signed-policy-host";
    private static final String GUEST = "0b5e7c1d-guest-signed-policy";
    private static final String KEY = "instance:" + GUEST;
    private static final GuestSpec SPEC = GuestSpec.hvm(GUEST, KernelProfile.LINUX_5_10, 2);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SingleObjectCodec CODEC = SingleObjectCodec.standard();

    @TempDir
    Path dir;

    @Test
    void shouldApplyOnlySignedDirectivesAndReportEveryForgery() throws Exception {
        try (AgentOnBroker agent = AgentOnBroker.start(HOST, dir)) {
            // Given fleet-stream's signed ENFORCE denial of evtchn_fifo, version 1, applied by the agent
            HostToolstack toolstack = agent.toolstack;
            PolicyDirective denial = Directives.instanceDenial(GUEST, 1);
            agent.policyTopic.send(KEY, TestPolicyKeys.signed(denial));
            Eventually.await("signed v1 in the table", WAIT, () -> agent.versionInTable(GUEST).equals(Optional.of(1L)));
            assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            assertThat(agent.flagsOf(GUEST)).doesNotContain("evtchn_fifo");
            toolstack.destroy(GUEST, DestroyReason.SHUTDOWN);

            // When forged records for the guest's key follow: a permit signed by a key the agent does not
            // trust, an unsigned permit, a tombstone, and the signed denial re-stamped Long.MAX_VALUE as a permit
            agent.policyTopic.send(KEY, CODEC.encode(TestPolicyKeys.UNTRUSTED.sign(permit(2))));
            agent.policyTopic.send(KEY, CODEC.encode(permit(3)));
            agent.policyTopic.send(KEY, null);
            agent.policyTopic.send(KEY, CODEC.encode(PolicyDirective.newBuilder(TestPolicyKeys.SIGNER.sign(denial))
                    .setVersion(Long.MAX_VALUE).setControls(permitFifo()).build()));

            // Then each is acknowledged REJECTED with its reason, keyed by the policy key
            List<PolicyAck> refusals = awaitRefusals(agent.events, 4);
            assertThat(refusals).extracting(PolicyAck::getRejectReason).containsExactly(
                    AckRejectReason.UNKNOWN_SIGNING_KEY, AckRejectReason.UNSIGNED, AckRejectReason.UNSIGNED,
                    AckRejectReason.BAD_SIGNATURE);
            assertThat(refusals).extracting(PolicyAck::getDirectiveVersion).containsExactly(2L, 3L, 0L, Long.MAX_VALUE);
            assertThat(refusals).allSatisfy(ack -> {
                assertThat(ack.getHeader().getHostId()).isEqualTo(HOST);
                assertThat(ack.getTarget()).isEqualTo(denial.getTarget());
                assertThat(ack.getDomain()).isNull();
                assertThat(ack.getDetail()).isNotBlank();
            });
            // and dead-lettered with the record itself
            List<DeadLetter> letters = awaitDeadLetters(agent.deadLetters, 4);
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.getSourceTopic()).isEqualTo(Topics.POLICY.name());
                assertThat(letter.getSourceComponent()).isEqualTo("hypervisor-agent@" + HOST);
            });
            assertThat(letters).extracting(letter -> letter.getValue() == null).containsExactly(false, false, true, false);
            // and the table and the flags the agent applies are unchanged
            assertThat(agent.versionInTable(GUEST)).contains(1L);
            assertThat(agent.runtime().policyTable().lastVersionSeen()).isEqualTo(1L);
            assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            assertThat(agent.flagsOf(GUEST)).doesNotContain("evtchn_fifo");
            toolstack.destroy(GUEST, DestroyReason.SHUTDOWN);

            // When fleet-stream lifts the denial with its next version, signed, controls UNSET
            agent.policyTopic.send(KEY, TestPolicyKeys.signed(lift(2)));

            // Then version 2 applies: the forged maximum never advanced the table
            Eventually.await("signed v2 in the table", WAIT, () -> agent.versionInTable(GUEST).equals(Optional.of(2L)));
            assertThat(toolstack.bootFresh(SPEC)).isEqualTo(LifecycleOutcome.DONE);
            assertThat(agent.flagsOf(GUEST)).contains("evtchn_fifo");

            // When the agent restarts while the broker is down, then the stored table verified again holds the lift
            agent.restartWithoutKafka();
            assertThat(agent.versionInTable(GUEST)).contains(2L);
        }
    }

    private static EvtchnControls permitFifo() {
        return new EvtchnControls(ControlSetting.PERMIT, ControlSetting.UNSET);
    }

    private static PolicyDirective permit(long version) {
        return PolicyDirective.newBuilder(Directives.instanceDenial(GUEST, version)).setControls(permitFifo()).build();
    }

    private static PolicyDirective lift(long version) {
        return PolicyDirective.newBuilder(Directives.instanceDenial(GUEST, version))
                .setControls(new EvtchnControls(ControlSetting.UNSET, ControlSetting.UNSET))
                .setReason(new PolicyReason(PolicyReasonCode.LIFTED, "image consumed")).build();
    }

    private static List<PolicyAck> awaitRefusals(HostEventsReader events, int expected) throws InterruptedException {
        Eventually.await(expected + " REJECTED acks", WAIT, () -> refusals(events.poll()).size() >= expected);
        List<HostEventsReader.Seen> seen = events.poll();
        assertThat(seen).filteredOn(s -> s.record() instanceof PolicyAck ack && ack.getOutcome() == AckOutcome.REJECTED)
                .allSatisfy(s -> assertThat(s.key()).isEqualTo(KEY));
        return refusals(seen);
    }

    private static List<PolicyAck> refusals(List<HostEventsReader.Seen> seen) {
        return seen.stream().map(HostEventsReader.Seen::record)
                .filter(r -> r instanceof PolicyAck ack && ack.getOutcome() == AckOutcome.REJECTED)
                .map(PolicyAck.class::cast).toList();
    }

    private static List<DeadLetter> awaitDeadLetters(HostEventsReader reader, int expected)
            throws InterruptedException {
        Eventually.await(expected + " dead letters POLICY_SIGNATURE", WAIT, () -> reader.poll().stream()
                .filter(s -> s.record() instanceof DeadLetter letter
                        && letter.getErrorKind() == DeadLetterErrorKind.POLICY_SIGNATURE).count() >= expected);
        return reader.poll().stream().map(HostEventsReader.Seen::record).map(DeadLetter.class::cast)
                .filter(letter -> letter.getErrorKind() == DeadLetterErrorKind.POLICY_SIGNATURE)
                .sorted(Comparator.comparingLong(DeadLetter::getSourceOffset)).toList();
    }
}
