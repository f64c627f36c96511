package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventHeadersTest {

    @Test
    void shouldFindTheHeaderOfEveryEventOnFleetEvents() {
        assertThat(SampleRecords.all().stream().filter(r -> RecordTypes.FLEET_EVENTS.contains(r.getClass())))
                .allSatisfy(event -> assertThat(EventHeaders.headerOf(event)).get()
                        .satisfies(header -> assertThat(header.getHostId()).isNotBlank()));
    }

    @Test
    void shouldFindTheHeaderOfAHostStatus() {
        assertThat(EventHeaders.headerOf(SampleRecords.hostStatus()))
                .hasValue(SampleRecords.hostStatus().getHeader());
    }

    @Test
    void shouldFindNoHeaderInControlPlaneRecords() {
        SpecificRecord directive = SampleRecords.policyDirective();

        assertThat(EventHeaders.headerOf(directive)).isEmpty();
        assertThat(EventHeaders.headerOf(SampleRecords.deadLetter())).isEmpty();
    }
}
