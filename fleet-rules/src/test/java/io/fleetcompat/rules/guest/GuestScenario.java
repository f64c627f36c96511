package io.fleetcompat.rules.guest;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.rules.policy.FamilyDenial;
import io.fleetcompat.rules.policy.FamilyDenialsView;
import io.fleetcompat.rules.policy.InstanceDecision;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * One guest driven through {@link GuestStep} alone: its state carried from step to step, the hosts it knows and the
 * family denials its task holds as plain collections, and a legacy (2-level) and a modern (FIFO) host.
 */
final class GuestScenario implements HostView, FamilyDenialsView {

    static final String GUEST = "g-1";

    final SimHost.Clock clock = new SimHost.Clock(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    final SimHost legacy = new SimHost("host-legacy", XenProfile.LEGACY_2L, true, clock);
    final SimHost modern = new SimHost("host-modern", XenProfile.PROPOSED, true, clock);
    final Set<String> knownHosts = new HashSet<>(Set.of(legacy.id(), modern.id()));
    final Set<XenProfile> fifoProfiles = EnumSet.noneOf(XenProfile.class);
    final List<FamilyDenial> denials = new ArrayList<>();
    final GuestStep step;
    GuestState state = GuestState.empty(GUEST);
    boolean waiting;

    GuestScenario() {
        this(PolicyMode.ENFORCE, Duration.ofSeconds(30));
    }

    GuestScenario(PolicyMode instanceMode, Duration unknownHostGrace) {
        step = new GuestStep(new GuestStep.Settings(instanceMode, 8, 16, unknownHostGrace));
    }

    /** The fleet has shown a FIFO-capable host. */
    GuestScenario withFifoHost() {
        fifoProfiles.add(XenProfile.PROPOSED);
        return this;
    }

    StepResult<GuestState> send(SpecificRecord event) {
        return keep(step.onEvent(state, GUEST, event, waiting, this, this));
    }

    /** A guest born 2-level on the legacy host that hibernates there: its image records 2-level. */
    StepResult<GuestState> bornOnLegacyAndHibernated() {
        send(Events.freshBoot(legacy.next(), GUEST, 1));
        send(Events.booted(legacy.next(), GUEST, 1,
                EvtchnAbi.TWO_LEVEL));
        return send(Events.hibernated(legacy.next(), GUEST, 1,
                EvtchnAbi.TWO_LEVEL));
    }

    StepResult<GuestState> command(GuestCommand command) {
        return keep(step.onCommand(state, command, this, this));
    }

    StepResult<GuestState> keep(StepResult<GuestState> result) {
        if (result.stateChanged()) {
            state = result.state();
        }
        return result;
    }

    @Override
    public boolean known(String hostId) {
        return knownHosts.contains(hostId);
    }

    @Override
    public Set<XenProfile> fifoCapableProfiles() {
        return fifoProfiles;
    }

    @Override
    public List<FamilyDenial> denying(String kernelFamily) {
        return denials.stream().filter(d -> d.kernelFamily().equals(kernelFamily) && d.denying()).toList();
    }

    static List<InstanceDecision> decisions(StepResult<?> result) {
        return result.outputs(GuestOutput.Decision.class).stream().map(GuestOutput.Decision::decision).toList();
    }

    static List<AuditRecord> audits(StepResult<?> result) {
        return result.outputs(GuestOutput.Audit.class).stream().map(GuestOutput.Audit::audit).toList();
    }
}
