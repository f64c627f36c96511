package io.fleetcompat.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.outbox.FsyncPolicy;
import io.fleetcompat.agent.outbox.Outbox;
import io.fleetcompat.agent.outbox.OutboxCursor;
import io.fleetcompat.agent.outbox.OutboxEntry;
import io.fleetcompat.agent.outbox.OutboxSettings;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.AgentAlarm;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.XenProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostEventEmitterTest {

    private static final HostIdentity HOST = new HostIdentity("host-9", XenProfile.V5_SERIES, false);
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    private static HostEventEmitter emitter(Outbox outbox, double sampleRate) {
        return new HostEventEmitter(outbox, new EventHeaderFactory(HOST, "1.2.3", Clock.fixed(NOW, ZoneOffset.UTC)),
                new HypercallSampler(sampleRate, 42, HOST.hostId()),
                () -> new HostInventory(List.of("g1"), 7L, 1, outbox.depth(), NOW));
    }

    private static HypercallOutcome call(int hypercall, int command, long rc) {
        return new HypercallOutcome(null, 3, hypercall, "op", command, "cmd", rc, rc < 0 ? "ENOSYS" : null, null, Map.of());
    }

    @Test
    void shouldStampTheHeaderWithTheOutboxSequenceAndKeyByGuest() throws Exception {
        try (Outbox outbox = Outbox.open(new OutboxSettings(dir, 1 << 20, 4096, FsyncPolicy.always()))) {
            HostEventEmitter emitter = emitter(outbox, 1.0);

            assertThat(emitter.heartbeat()).isEqualTo(new EmitResult.Queued(1));
            assertThat(emitter.lifecycle(new LifecycleStep.DomainDestroyed("g1", 3, DestroyReason.SHUTDOWN)))
                    .isEqualTo(new EmitResult.Queued(2));

            List<OutboxEntry> entries;
            try (OutboxCursor cursor = outbox.cursorAt(0)) {
                entries = cursor.read(10);
            }
            assertThat(entries).extracting(OutboxEntry::topic, OutboxEntry::key)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("fleet.hosts", "host-9"),
                            org.assertj.core.groups.Tuple.tuple("fleet.events", "g1"));
            HostStatus status = (HostStatus) SingleObjectCodec.standard().decode(entries.get(0).value());
            assertThat(status.getRunningInstanceIds()).containsExactly("g1");
            assertThat(status.getLastPolicyVersionSeen()).isEqualTo(7L);
            DomainDestroyed destroyed = (DomainDestroyed) SingleObjectCodec.standard().decode(entries.get(1).value());
            assertThat(destroyed.getHeader().getSequence()).isEqualTo(2);
            assertThat(destroyed.getHeader().getHostId()).isEqualTo("host-9");
            assertThat(destroyed.getHeader().getXenProfile()).isEqualTo(XenProfile.V5_SERIES);
            assertThat(destroyed.getHeader().getHostFifoBuiltIn()).isFalse();
            assertThat(destroyed.getHeader().getAgentVersion()).isEqualTo("1.2.3");
            assertThat(destroyed.getHeader().getEventTime()).isEqualTo(NOW);
        }
    }

    @Test
    void shouldAlwaysSendFailuresFifoCommandsAndUpcallVectorCallsAndSampleTheRest() throws Exception {
        try (Outbox outbox = Outbox.open(new OutboxSettings(dir, 1 << 20, 4096, FsyncPolicy.always()))) {
            HostEventEmitter emitter = emitter(outbox, 0.0);

            assertThat(emitter.hypercall(call(HypercallOutcome.EVENT_CHANNEL_OP, 4, 0)))
                    .isEqualTo(new EmitResult.SampledOut());
            assertThat(emitter.hypercall(call(HypercallOutcome.EVENT_CHANNEL_OP, 4, -38))).isEqualTo(new EmitResult.Queued(1));
            assertThat(emitter.hypercall(call(HypercallOutcome.EVENT_CHANNEL_OP, 11, 0))).isEqualTo(new EmitResult.Queued(2));
            assertThat(emitter.hypercall(call(HypercallOutcome.HVM_OP, 23, 0))).isEqualTo(new EmitResult.Queued(3));
            try (OutboxCursor cursor = outbox.cursorAt(0)) {
                // The control domain's hypercalls are keyed by host id.
                assertThat(cursor.read(10)).extracting(OutboxEntry::key).containsOnly("host-9");
            }
            HypercallResult result;
            try (OutboxCursor cursor = outbox.cursorAt(0)) {
                result = (HypercallResult) SingleObjectCodec.standard().decode(cursor.read(1).get(0).value());
            }
            assertThat(result.getRc()).isEqualTo(-38);
            assertThat(result.getErrnoName()).isEqualTo("ENOSYS");
        }
    }

    @Test
    void shouldSampleDeterministicallyForASeed() {
        HypercallOutcome ordinary = call(HypercallOutcome.EVENT_CHANNEL_OP, 4, 0);
        HypercallSampler first = new HypercallSampler(0.3, 7, "host-1");
        HypercallSampler second = new HypercallSampler(0.3, 7, "host-1");

        List<Boolean> a = java.util.stream.IntStream.range(0, 200).mapToObj(i -> first.shouldSend(ordinary)).toList();
        List<Boolean> b = java.util.stream.IntStream.range(0, 200).mapToObj(i -> second.shouldSend(ordinary)).toList();

        assertThat(a).isEqualTo(b).contains(true, false);
    }

    @Test
    void shouldQueueAnAlarmHeartbeatWhenTheOutboxIsFull() throws Exception {
        try (Outbox outbox = Outbox.open(new OutboxSettings(dir, 2048, 1024, FsyncPolicy.always()))) {
            HostEventEmitter emitter = emitter(outbox, 1.0);
            EmitResult result;
            do {
                result = emitter.lifecycle(new LifecycleStep.DomainDestroyed("g1", 3, DestroyReason.SHUTDOWN));
            } while (result instanceof EmitResult.Queued);

            assertThat(result).isInstanceOf(EmitResult.Refused.class);
            long lastSequence = outbox.lastSequence(HOST.hostId());
            OutboxEntry alarm;
            try (OutboxCursor cursor = outbox.cursorAt(0)) {
                List<OutboxEntry> all = cursor.read(1000);
                alarm = all.get(all.size() - 1);
            }
            assertThat(alarm.topic()).isEqualTo("fleet.hosts");
            assertThat(alarm.sequence()).isEqualTo(lastSequence);
            HostStatus status = (HostStatus) SingleObjectCodec.standard().decode(alarm.value());
            assertThat(status.getOutboxDepth()).isEqualTo(lastSequence - 1);
            assertThat(status.getAlarm()).isEqualTo(AgentAlarm.OUTBOX_FULL);
            assertThat(status.getEventsRefused()).isEqualTo(1);
            assertThat(status.getOutboxLimitBytes()).isEqualTo(2048);
            assertThat(status.getOutboxRetainedBytes()).isPositive();
        }
    }
}
