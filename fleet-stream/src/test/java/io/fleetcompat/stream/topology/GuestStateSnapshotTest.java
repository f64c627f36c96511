package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.GuestStateFold;
import io.fleetcompat.rules.guest.HostSequences;
import io.fleetcompat.rules.guest.TimelineEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Fold steps and the snapshot round trip: state -> JSON -> state, and snapshot + remaining events = full fold. */
class GuestStateSnapshotTest {

    private static final String GUEST = "g";
    private final SimHost.Clock clock = new SimHost.Clock(1_000_000);
    private final SimHost legacy = new SimHost("legacy", XenProfile.LEGACY_2L, true, clock);
    private final SimHost modern = new SimHost("modern", XenProfile.PROPOSED, true, clock);
    private final GuestStateFold fold = new GuestStateFold(8, 64);
    private final JsonSerde<GuestState> serde = new JsonSerde<>(GuestState.class);

    private List<SpecificRecord> history() {
        return List.of(
                Events.freshBoot(legacy.next(), GUEST, 1),
                Events.booted(legacy.next(), GUEST, 1, EvtchnAbi.TWO_LEVEL),
                Events.hibernated(legacy.next(), GUEST, 1, EvtchnAbi.TWO_LEVEL),
                Events.created(modern.next(), GUEST, 4, CreateKind.RESUME_FROM_HIBERNATION, ControlSetting.DENY,
                        "instance:g", 1L),
                Events.resumed(modern.next(), GUEST, 4, true),
                Events.bindInterdomain(modern.next(), GUEST, 4, true));
    }

    private GuestState foldAll(GuestState start, List<SpecificRecord> events) {
        GuestState state = start;
        for (SpecificRecord e : events) {
            state = fold.apply(state, e);
        }
        return state;
    }

    private GuestState roundTrip(GuestState state) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }

    @Test
    void shouldRecordBirthImageResumeAndControlsWithOneStepPerEvent() {
        GuestState state = foldAll(GuestState.empty(GUEST), history());

        assertThat(state.birth().hostId()).isEqualTo("legacy");
        assertThat(state.birth().xenProfile()).isEqualTo(XenProfile.LEGACY_2L);
        assertThat(state.birth().abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(state.image()).as("consumed by the resume").isNull();
        assertThat(state.resumes()).singleElement().satisfies(r -> {
            assertThat(r.healthy()).isTrue();
            assertThat(r.policyKey()).isEqualTo("instance:g");
            assertThat(r.policyVersion()).isEqualTo(1L);
        });
        assertThat(state.liveDomain("modern", 4).orElseThrow().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(state.ports().isFor("modern", 4)).isTrue();
        assertThat(state.ports().limitReachedUnderDenial()).isTrue();
        assertThat(state.timeline()).hasSize(6);
    }

    @Test
    void shouldRoundTripASnapshotAndContinueFoldingToTheSameState() {
        List<SpecificRecord> events = history();
        GuestState full = foldAll(GuestState.empty(GUEST), events);

        GuestState snapshot = roundTrip(foldAll(GuestState.empty(GUEST), events.subList(0, 3)));
        GuestState resumed = foldAll(snapshot, events.subList(3, events.size()));

        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(resumed).isEqualTo(full);
    }

    @Test
    void shouldStoreTimelineLinesAndTheDedupWindowAsCompactArrays() {
        GuestState state = foldAll(GuestState.empty(GUEST), history());

        String json = new String(serde.serializer().serialize("t", state), StandardCharsets.UTF_8);

        assertThat(json).contains("\"timeline\":[[").contains("\"recent\":[[")
                .doesNotContain("\"summary\"");
    }

    @Test
    void shouldStillReadTimelineLinesAndDedupEntriesWrittenAsObjects() {
        GuestState state = foldAll(GuestState.empty(GUEST), history());
        String compact = new String(serde.serializer().serialize("t", state), StandardCharsets.UTF_8);
        TimelineEntry line = state.timeline().get(0);
        HostSequences.Seen seen = state.sequences().byHost().get("legacy").recent().get(0);
        String asObjects = compact
                .replace(arrayOf(line), "{\"at\":" + line.at() + ",\"type\":\"" + line.type() + "\",\"hostId\":\""
                        + line.hostId() + "\",\"sequence\":" + line.sequence() + ",\"eventId\":\"" + line.eventId()
                        + "\",\"summary\":" + quoted(line.summary()) + "}")
                .replace("[" + seen.sequence() + ",\"" + seen.eventId() + "\"]",
                        "{\"sequence\":" + seen.sequence() + ",\"eventId\":\"" + seen.eventId() + "\"}");
        assertThat(asObjects).isNotEqualTo(compact);

        GuestState read = serde.deserializer().deserialize("t", asObjects.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(state);
    }

    private String arrayOf(TimelineEntry line) {
        return "[" + line.at() + ",\"" + line.type() + "\",\"" + line.hostId() + "\"," + line.sequence() + ",\""
                + line.eventId() + "\"," + quoted(line.summary()) + "]";
    }

    private static String quoted(String text) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldKeepOnlyTheConfiguredNumberOfTimelineLines() {
        GuestStateFold shortTimeline = new GuestStateFold(8, 4);
        GuestState state = GuestState.empty(GUEST);
        for (SpecificRecord e : history()) {
            state = shortTimeline.apply(state, e);
        }

        assertThat(state.timeline()).extracting(TimelineEntry::sequence).containsExactly(3L, 1L, 2L, 3L);
        assertThat(state.eventsApplied()).isEqualTo(6);
    }

    @Test
    void shouldTellDuplicatesFromSequencesGoingBackwards() {
        HostSequences seq = HostSequences.EMPTY.record("h", 5, "e5", 0, 2).record("h", 6, "e6", 0, 2)
                .record("h", 7, "e7", 0, 2);

        assertThat(seq.check("h", 7, "e7")).isEqualTo(HostSequences.Verdict.DUPLICATE);
        assertThat(seq.check("h", 6, "other")).isEqualTo(HostSequences.Verdict.BACKWARDS);
        assertThat(seq.check("h", 5, "e5")).isEqualTo(HostSequences.Verdict.BELOW_WINDOW);
        assertThat(seq.check("h", 8, "e8")).isEqualTo(HostSequences.Verdict.NEW);
        assertThat(seq.check("other-host", 1, "x")).isEqualTo(HostSequences.Verdict.NEW);
    }
}
