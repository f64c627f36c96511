package io.fleetcompat.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.host.RecordingListener;
import org.junit.jupiter.api.Test;

/** Pacing keeps one schedule across run calls (a caller that runs in chunks keeps the rate); no real time. */
class PacingTest {

    private static final Scenario SMALL = ScenarioFiles.resource(ScenarioFiles.SMALL);

    /** A clock that only moves when the pacer waits on it. */
    private static final class CountingClock implements NanoClock {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkNanos(long nanos) {
            now += nanos;
        }
    }

    @Test
    void chunkedRunsAtTwoOpsPerSecondTakeAsLongAsOneRun() {
        CountingClock clock = new CountingClock();
        Simulator sim = Simulator.offline(SMALL, 5, new RecordingListener()).usingWallClock(clock);
        long start = clock.now;

        for (int chunk = 0; chunk < 4; chunk++) {
            sim.run(RunLimit.steps(3), Pacing.maxRate(2));
        }

        // Twelve steps at 2/s: step n is due at n / 2 s, so the last (n = 11) starts 5.5 s after the first.
        // A pacer per call would let each chunk's first step go at once: 4 x 1 s.
        assertThat(clock.now - start).isEqualTo(5_500_000_000L);
    }

    @Test
    void aNewRateStartsANewSchedule() {
        CountingClock clock = new CountingClock();
        Simulator sim = Simulator.offline(SMALL, 5, new RecordingListener()).usingWallClock(clock);
        long start = clock.now;

        sim.run(RunLimit.steps(3), Pacing.maxRate(2));
        sim.run(RunLimit.steps(3), Pacing.maxRate(4));

        // 0, 0.5, 1.0 s at 2/s; then a fresh schedule at 4/s: +0, +0.25, +0.5 s
        assertThat(clock.now - start).isEqualTo(1_500_000_000L);
    }

    @Test
    void unpacedRunsNeverWait() {
        CountingClock clock = new CountingClock();
        Simulator sim = Simulator.offline(SMALL, 5, new RecordingListener()).usingWallClock(clock);
        long start = clock.now;

        sim.run(RunLimit.steps(500), Pacing.UNPACED);

        assertThat(clock.now).isEqualTo(start);
    }
}
