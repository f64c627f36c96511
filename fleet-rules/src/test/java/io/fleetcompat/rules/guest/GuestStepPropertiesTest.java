package io.fleetcompat.rules.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.rules.policy.FamilyDenialsView;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.XenProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The fold, through the pure per-guest step, against any history one guest's agents could send over two hosts (any
 * event type, in any order, domains 1-2) and the same history with outbox replays mixed in anywhere: no input makes it
 * throw; an event is never applied twice; a replay of an applied event is always a duplicate and changes nothing but
 * the duplicates counter; the counters say what happened.
 */
class GuestStepPropertiesTest implements HostView {

    private static final String GUEST = "g-1";
    private static final int WINDOW = 64;
    private static final int KINDS = 10;

    /** One event of the history: which host sends it, which kind, for which domain. */
    record Emit(int host, int kind, int domid) {
    }

    /** A replay of the event {@code back} positions earlier, inserted after position {@code at}. */
    record Replay(int at, int back) {
    }

    private final GuestStep step = new GuestStep(new GuestStep.Settings(PolicyMode.ENFORCE, WINDOW, 16, Duration.ZERO));
    private final Set<XenProfile> fifoProfiles = EnumSet.of(XenProfile.PROPOSED);

    @Provide
    Arbitrary<Emit> emits() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, KINDS - 1),
                Arbitraries.integers().between(1, 2)).as(Emit::new);
    }

    @Provide
    Arbitrary<Replay> replays() {
        return Combinators.combine(Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 20))
                .as(Replay::new);
    }

    @Property(tries = 400)
    void shouldDropEveryReplayOfAnAppliedEventAndChangeNothingElse(
            @ForAll @Size(min = 1, max = 60) List<@From("emits") Emit> history,
            @ForAll @Size(max = 30) List<@From("replays") Replay> replays) {
        List<SpecificRecord> events = events(history);
        Run original = run(events);
        // An outbox replays what it sent: here, events the guest's state applied the first time
        List<Integer> replayed = new ArrayList<>();
        List<SpecificRecord> withReplays = mixIn(events, replays, source ->
                original.dispositions.get(source) == StepResult.Disposition.APPLIED, replayed);
        Run mixed = run(withReplays);

        assertThat(original.state.eventsApplied()).isEqualTo(original.count(StepResult.Disposition.APPLIED));
        assertThat(mixed.state.duplicatesDropped()).isEqualTo(mixed.count(StepResult.Disposition.DUPLICATE));
        for (int i = 0; i < withReplays.size(); i++) {
            assertThat(mixed.dispositions.get(i)).as("event %d of the mixed history", i).isEqualTo(replayed.get(i) >= 0
                    ? StepResult.Disposition.DUPLICATE : original.dispositions.get(originalIndex(replayed, i)));
        }
        assertThat(mixed.state).usingRecursiveComparison().ignoringFields("duplicatesDropped")
                .isEqualTo(original.state);
    }

    @Property(tries = 400)
    void shouldNeverApplyAnEventTwiceWhateverIsReplayed(
            @ForAll @Size(min = 1, max = 60) List<@From("emits") Emit> history,
            @ForAll @Size(max = 30) List<@From("replays") Replay> replays) {
        List<SpecificRecord> events = events(history);
        List<Integer> replayed = new ArrayList<>();
        // replays of anything, rejected events included (a replay may then be judged anew against a later state)
        List<SpecificRecord> withReplays = mixIn(events, replays, source -> true, replayed);
        Run mixed = run(withReplays);

        java.util.Set<String> applied = new java.util.HashSet<>();
        for (int i = 0; i < withReplays.size(); i++) {
            if (mixed.dispositions.get(i) == StepResult.Disposition.APPLIED) {
                var header = io.fleetcompat.schema.EventHeaders.headerOf(withReplays.get(i)).orElseThrow();
                assertThat(applied.add(header.getHostId() + "#" + header.getSequence()))
                        .as("%s#%s applied twice", header.getHostId(), header.getSequence()).isTrue();
            }
        }
        assertThat(mixed.state.eventsApplied()).isEqualTo(applied.size());
        assertThat(mixed.state.duplicatesDropped()).isEqualTo(mixed.count(StepResult.Disposition.DUPLICATE));
    }

    /** {@code events} with, after position {@code at}, a copy of the event {@code back} earlier where allowed. */
    private static List<SpecificRecord> mixIn(List<SpecificRecord> events, List<Replay> replays,
                                              java.util.function.IntPredicate allowed, List<Integer> replayed) {
        List<SpecificRecord> mixed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            mixed.add(events.get(i));
            replayed.add(-1 - i);
            for (Replay replay : replays) {
                int source = Math.max(0, i - replay.back());
                if (replay.at() == i && allowed.test(source)) {
                    mixed.add(events.get(source));
                    replayed.add(source);
                }
            }
        }
        return mixed;
    }

    /** Position {@code i} of a mixed history holds original event {@code -1 - replayed[i]} when not a replay. */
    private static int originalIndex(List<Integer> replayed, int i) {
        return -1 - replayed.get(i);
    }

    private record Run(GuestState state, List<StepResult.Disposition> dispositions) {
        long count(StepResult.Disposition disposition) {
            return dispositions.stream().filter(d -> d == disposition).count();
        }
    }

    private Run run(List<SpecificRecord> events) {
        GuestState state = GuestState.empty(GUEST);
        List<StepResult.Disposition> dispositions = new ArrayList<>();
        for (SpecificRecord event : events) {
            StepResult<GuestState> result = step.onEvent(state, GUEST, copy(event), false, this, FamilyDenialsView.NONE);
            if (result.stateChanged()) {
                state = result.state();
            }
            dispositions.add(result.disposition());
        }
        return new Run(state, dispositions);
    }

    private static List<SpecificRecord> events(List<Emit> history) {
        SimHost.Clock clock = new SimHost.Clock(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
        List<SimHost> hosts = List.of(new SimHost("host-legacy", XenProfile.LEGACY_2L, true, clock),
                new SimHost("host-modern", XenProfile.PROPOSED, true, clock));
        List<BiFunction<SimHost, Integer, SpecificRecord>> kinds = List.of(
                (h, d) -> Events.freshBoot(h.next(), GUEST, d),
                (h, d) -> Events.booted(h.next(), GUEST, d, d == 1 ? EvtchnAbi.TWO_LEVEL : EvtchnAbi.FIFO),
                (h, d) -> Events.hibernated(h.next(), GUEST, d, d == 1 ? EvtchnAbi.TWO_LEVEL : EvtchnAbi.FIFO),
                (h, d) -> Events.resumed(h.next(), GUEST, d, d == 1),
                (h, d) -> Events.section8Failure(h.next(), GUEST, d),
                (h, d) -> Events.destroyed(h.next(), GUEST, d, DestroyReason.SHUTDOWN),
                (h, d) -> Events.saved(h.next(), GUEST, d, EvtchnAbi.TWO_LEVEL),
                (h, d) -> Events.created(h.next(), GUEST, d, CreateKind.RESTORE, ControlSetting.UNSET, null, null),
                (h, d) -> Events.migrated(h.next(), GUEST, d, "host-modern", EvtchnAbi.TWO_LEVEL),
                (h, d) -> Events.bindInterdomain(h.next(), GUEST, d, d == 2));
        return history.stream().map(e -> kinds.get(e.kind()).apply(hosts.get(e.host()), e.domid())).toList();
    }

    /** A replay is the same bytes again, not the same object. */
    @SuppressWarnings("unchecked")
    private static SpecificRecord copy(SpecificRecord event) {
        return (SpecificRecord) org.apache.avro.specific.SpecificData.get().deepCopy(event.getSchema(), event);
    }

    @Override
    public boolean known(String hostId) {
        return true;
    }

    @Override
    public Set<XenProfile> fifoCapableProfiles() {
        return fifoProfiles;
    }
}
