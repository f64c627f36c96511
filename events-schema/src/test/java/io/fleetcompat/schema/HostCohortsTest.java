package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HostCohortsTest {

    @Test
    void shouldGiveTheSameBucketForTheSameHostEveryTime() {
        assertThat(HostCohorts.bucketOf("host-0042")).isEqualTo(HostCohorts.bucketOf("host-0042"));
        // A fixed value pins the algorithm: changing it would reshuffle every running rollout.
        assertThat(HostCohorts.bucketOf("host-0001")).isEqualTo(0.28653842055807577);
    }

    @Test
    void shouldSpreadHostsRoughlyEvenly() {
        long inTenPercent = IntStream.range(0, 10_000)
                .filter(i -> HostCohorts.inCohort("host-" + i, 0.10))
                .count();
        assertThat(inTenPercent).isBetween(900L, 1100L);
    }

    @Test
    void shouldPutEveryHostInAFullCohortAndNoneInAnEmptyOne() {
        assertThat(IntStream.range(0, 1000).allMatch(i -> HostCohorts.inCohort("h" + i, 1.0))).isTrue();
        assertThat(IntStream.range(0, 1000).noneMatch(i -> HostCohorts.inCohort("h" + i, 0.0))).isTrue();
    }

    @Test
    void shouldGrowCohortsMonotonically() {
        // A host in an early wave stays in every later (larger) wave.
        IntStream.range(0, 1000).mapToObj(i -> "host-" + i)
                .filter(h -> HostCohorts.inCohort(h, 0.05))
                .forEach(h -> assertThat(HostCohorts.inCohort(h, 0.25)).isTrue());
    }
}
