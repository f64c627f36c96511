package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.DashboardConfig;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.RolloutState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds every record the feed reads into the bounded stores behind the pages, and notes which views changed.
 * One feed thread writes; web threads read through the stores' own locks.
 */
@ApplicationScoped
public class FleetViews {

    private final Clock clock;
    private final GuestTimelines guests;
    private final HostRoster hosts;
    private final PolicyBook policies;
    private final RolloutBoard rollouts;
    private final ActionLog actions;
    private final DeadLetterLog deadLetters;
    private final TimeSeries series;
    private final EventRate rate;
    private final ChangeTracker changes = new ChangeTracker();
    private final AtomicLong eventsTotal = new AtomicLong();

    @Inject
    public FleetViews(DashboardConfig config, Clock clock) {
        DashboardConfig.Dashboard d = config.dashboard();
        this.clock = clock;
        this.guests = new GuestTimelines(d.timelineEntriesPerGuest(), d.guestsTracked());
        this.hosts = new HostRoster(clock, d.staleAfter());
        this.policies = new PolicyBook(d.policiesKept());
        this.rollouts = new RolloutBoard();
        this.actions = new ActionLog(d.actionsKept());
        this.deadLetters = new DeadLetterLog(d.deadLetterSamples());
        this.series = new TimeSeries(d.chartBucket().toMillis(), d.chartBuckets());
        this.rate = new EventRate(clock, d.rateWindowSeconds());
    }

    public void onEvent(SpecificRecord event) {
        eventsTotal.incrementAndGet();
        rate.record(1);
        TimelineEntries.of(event).ifPresent(step -> {
            guests.onEvent(step.instanceId(), step.entry(), event);
            series.add(step.entry().at(), TimeSeries.Metric.EVENT);
            if (event instanceof GuestResumeFailed || (event instanceof GuestResumed r && !r.getHealthy())) {
                series.add(step.entry().at(), TimeSeries.Metric.FAILURE);
            }
            changes.mark(ChangeTracker.GUESTS);
        });
        changes.mark(ChangeTracker.OVERVIEW);
    }

    public void onHost(String hostId, HostStatus status) {
        hosts.apply(hostId, status);
        changes.mark(ChangeTracker.HOSTS);
        changes.mark(ChangeTracker.OVERVIEW);
    }

    public void onPolicy(String key, PolicyDirective directive) {
        policies.apply(key, directive).ifPresent(view -> series.add(view.issuedAt(), TimeSeries.Metric.POLICY));
        if (directive != null) {
            TimelineEntries.ofDirective(directive).ifPresent(step -> {
                guests.append(step.instanceId(), step.entry());
                changes.mark(ChangeTracker.GUESTS);
            });
        }
        changes.mark(ChangeTracker.POLICIES);
        changes.mark(ChangeTracker.OVERVIEW);
    }

    public void onRollout(String rolloutId, RolloutState state) {
        rollouts.apply(rolloutId, state);
        changes.mark(ChangeTracker.ROLLOUTS);
        changes.mark(ChangeTracker.OVERVIEW);
    }

    /** fleet-stream's findings count as hazards on the chart: the dashboard does not judge events itself. */
    public void onAudit(AuditRecord audit) {
        if (audit.getAction() == AuditAction.HAZARD_DETECTED) {
            series.add(audit.getDecidedAt().toEpochMilli(), TimeSeries.Metric.HAZARD);
            changes.mark(ChangeTracker.OVERVIEW);
        }
        if (actions.onAudit(audit)) {
            changes.mark(ChangeTracker.ACTIONS);
        }
    }

    public void onCommand(OperatorCommand command) {
        actions.onCommand(command);
        changes.mark(ChangeTracker.ACTIONS);
    }

    public void onDeadLetter(DeadLetter deadLetter) {
        deadLetters.onDeadLetter(deadLetter);
        changes.mark(ChangeTracker.DEAD_LETTERS);
        changes.mark(ChangeTracker.OVERVIEW);
    }

    public void onDashboardFailure(DeadLetter failure) {
        deadLetters.onDashboardFailure(failure);
        changes.mark(ChangeTracker.DEAD_LETTERS);
    }

    public Clock clock() {
        return clock;
    }

    public GuestTimelines guests() {
        return guests;
    }

    public HostRoster hosts() {
        return hosts;
    }

    public PolicyBook policies() {
        return policies;
    }

    public RolloutBoard rollouts() {
        return rollouts;
    }

    public ActionLog actions() {
        return actions;
    }

    public DeadLetterLog deadLetters() {
        return deadLetters;
    }

    public TimeSeries series() {
        return series;
    }

    public EventRate rate() {
        return rate;
    }

    public ChangeTracker changes() {
        return changes;
    }

    public long eventsTotal() {
        return eventsTotal.get();
    }
}
