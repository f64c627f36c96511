package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnAbi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything fleet-stream knows about one guest, folded from its events (one apply step per event type in
 * {@link GuestStateFold}). Immutable: every step returns a new value. Histories are bounded so a long-lived
 * guest keeps a small state.
 *
 * @param kernel the kernel of the latest domain (a resume's boot kernel included)
 * @param everEngagedFifo some kernel of this guest engaged FIFO somewhere (it is FIFO-aware)
 * @param fifoEvidenceEventId the event that showed FIFO-awareness (GuestBooted FIFO or the kernel profile)
 * @param currentAbi ABI the running (or last running) kernel uses
 * @param image hibernation image waiting to be resumed, or null
 * @param checkpoint saved checkpoint waiting to be restored, or null
 * @param freshBootSinceDenial the guest booted fresh while denied, which discarded any pending image (lift rule)
 * @param lastRefusalEventId last DomainCreateRefused for the 7.4 interlock, until a directive answers it
 * @param operatorCommands PIN/UNPIN command ids seen lately, so a redelivered command is applied once
 */
public record GuestState(
        String instanceId,
        BirthCertificate birth,
        KernelProfile kernel,
        boolean everEngagedFifo,
        String fifoEvidenceEventId,
        EvtchnAbi currentAbi,
        List<DomainRecord> domains,
        HibernationImage image,
        Checkpoint checkpoint,
        List<ResumeRecord> resumes,
        InstancePolicy policy,
        boolean freshBootSinceDenial,
        String lastRefusalEventId,
        PortUsage ports,
        HostSequences sequences,
        long duplicatesDropped,
        long eventsApplied,
        long lastEventTime,
        List<TimelineEntry> timeline,
        SeenCommandIds operatorCommands,
        Protection protection) {

    public static final int MAX_DOMAINS = 16;
    public static final int MAX_RESUMES = 16;

    public GuestState {
        domains = List.copyOf(domains);
        resumes = List.copyOf(resumes);
        timeline = List.copyOf(timeline);
        // Absent from states written before the window (the counts) existed.
        operatorCommands = operatorCommands == null ? SeenCommandIds.NONE : operatorCommands;
        protection = protection == null ? Protection.NONE : protection;
    }

    public static GuestState empty(String instanceId) {
        return new GuestState(instanceId, null, null, false, null, EvtchnAbi.UNKNOWN, List.of(), null, null,
                List.of(), null, false, null, PortUsage.NONE, HostSequences.EMPTY, 0, 0, 0, List.of(),
                SeenCommandIds.NONE, Protection.NONE);
    }

    /**
     * FIFO-aware: it engaged FIFO somewhere, or its kernel profile says it tries FIFO, now or as its birth
     * certificate records it (a guest first seen mid-life has one from its first event).
     */
    public boolean fifoAware() {
        return everEngagedFifo || (kernel != null && kernel.triesFifo()) || (birth != null && birth.fifoAware());
    }

    public boolean denied() {
        return policy != null && policy.denies();
    }

    public boolean pinned() {
        return policy != null && policy.pinned();
    }

    public Optional<DomainRecord> liveDomain(String hostId, int domid) {
        return domains.stream().filter(d -> d.isOn(hostId, domid)).findFirst();
    }

    /** The most recent live domain on that host, e.g. the one a resume outcome is about. */
    public Optional<DomainRecord> latestLiveDomainOn(String hostId) {
        for (int i = domains.size() - 1; i >= 0; i--) {
            DomainRecord d = domains.get(i);
            if (d.live() && d.hostId().equals(hostId)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public boolean domainDenied(String hostId, int domid) {
        return liveDomain(hostId, domid).map(d -> d.evtchnFifo() == ControlSetting.DENY).orElse(false);
    }

    public Optional<ResumeRecord> lastResume() {
        return resumes.isEmpty() ? Optional.empty() : Optional.of(resumes.get(resumes.size() - 1));
    }

    // ---- withers used by the fold (one field each, so apply steps read as "what changed") ----

    public GuestState withBirth(BirthCertificate value) {
        return new GuestState(instanceId, value, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withKernel(KernelProfile value, String evidenceEventId) {
        String evidence = fifoEvidenceEventId == null && value.triesFifo() ? evidenceEventId : fifoEvidenceEventId;
        return new GuestState(instanceId, birth, value, everEngagedFifo, evidence, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withAbi(EvtchnAbi abi, String eventId) {
        boolean fifo = abi == EvtchnAbi.FIFO;
        String evidence = fifo && !everEngagedFifo ? eventId : fifoEvidenceEventId;
        return new GuestState(instanceId, birth, kernel, everEngagedFifo || fifo, evidence, abi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withDomains(List<DomainRecord> value) {
        List<DomainRecord> bounded = value.size() > MAX_DOMAINS
                ? value.subList(value.size() - MAX_DOMAINS, value.size()) : value;
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, bounded,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withDomain(DomainRecord added) {
        List<DomainRecord> next = new ArrayList<>(domains);
        next.add(added);
        return withDomains(next);
    }

    public GuestState withImage(HibernationImage value) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                value, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withCheckpoint(Checkpoint value) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, value, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withResume(ResumeRecord added) {
        List<ResumeRecord> next = new ArrayList<>(resumes);
        next.add(added);
        List<ResumeRecord> bounded = next.size() > MAX_RESUMES ? next.subList(next.size() - MAX_RESUMES, next.size()) : next;
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, bounded, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withPolicy(InstancePolicy value) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, value, false, null, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withFreshBootSinceDenial(boolean value) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, value, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withRefusal(String eventId) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, eventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    public GuestState withPorts(PortUsage value) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, value, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }

    /** Bookkeeping after an accepted event: dedup window, counters, the last {@code timelineKept} timeline lines. */
    public GuestState accepted(HostSequences seq, TimelineEntry entry, int timelineKept) {
        List<TimelineEntry> next = new ArrayList<>(timeline);
        next.add(entry);
        List<TimelineEntry> bounded = next.size() > timelineKept ? next.subList(next.size() - timelineKept, next.size()) : next;
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, seq,
                duplicatesDropped, eventsApplied + 1, Math.max(lastEventTime, entry.at()), bounded, operatorCommands, protection);
    }

    /** An operator command id was seen (applied or refused): a redelivery of it is ignored. */
    public GuestState withOperatorCommand(String commandId) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands.with(commandId), protection);
    }

    public GuestState withProtection(Protection value) {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped, eventsApplied, lastEventTime, timeline, operatorCommands, value);
    }

    public GuestState duplicateDropped() {
        return new GuestState(instanceId, birth, kernel, everEngagedFifo, fifoEvidenceEventId, currentAbi, domains,
                image, checkpoint, resumes, policy, freshBootSinceDenial, lastRefusalEventId, ports, sequences,
                duplicatesDropped + 1, eventsApplied, lastEventTime, timeline, operatorCommands, protection);
    }
}
