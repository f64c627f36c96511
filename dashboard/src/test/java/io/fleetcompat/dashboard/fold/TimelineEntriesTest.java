package io.fleetcompat.dashboard.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.dashboard.fixtures.FleetRecords;
import io.fleetcompat.schema.avro.CreateFlags;
import io.fleetcompat.schema.avro.DomainCreated;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineEntriesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static String summary(DomainCreated created) {
        return TimelineEntries.of(created).orElseThrow().entry().summary();
    }

    @Test
    void shouldShowTheRequestedFlagsOfACreateWhosePolicyRemovedOne() {
        DomainCreated created = FleetRecords.domainCreated("host-1", "guest-1", NOW, true);
        created.setGrantedFlags(new CreateFlags(List.of("hvm"), 0x1L));
        created.setPolicyKey("family:linux-5.10@PROPOSED");
        created.setPolicyVersion(3L);

        assertThat(summary(created))
                .contains("flags granted [hvm] of requested [hvm, evtchn_fifo]")
                .endsWith(", under policy family:linux-5.10@PROPOSED v3");
    }

    @Test
    void shouldShowTheFlagsOnceWhenTheCreateGotWhatItAskedFor() {
        DomainCreated created = FleetRecords.domainCreated("host-1", "guest-1", NOW, true);

        assertThat(summary(created)).contains("flags [hvm, evtchn_fifo]").doesNotContain("requested")
                .doesNotContain("under policy");
    }
}
