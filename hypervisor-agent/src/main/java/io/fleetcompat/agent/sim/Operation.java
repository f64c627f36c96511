package io.fleetcompat.agent.sim;

import java.util.List;

/** The operations the scheduler draws, each with the guest states it can act on. */
enum Operation {
    BOOT(List.of(GuestState.OFF)),
    HIBERNATE(List.of(GuestState.RUNNING_LINUX)),
    MIGRATE(List.of(GuestState.RUNNING_LINUX)),
    RESUME(List.of(GuestState.HIBERNATED)),
    DESTROY(List.of(GuestState.RUNNING_LINUX, GuestState.RUNNING_WINDOWS, GuestState.HUNG)),
    /** Save and restore on the same host (§7.2). */
    CHECKPOINT(List.of(GuestState.RUNNING_LINUX));

    /** values(), without a copy per draw. */
    static final Operation[] ALL = values();

    final List<GuestState> eligible;

    Operation(List<GuestState> eligible) {
        this.eligible = eligible;
    }

    double weight(Scenario.Rates rates) {
        switch (this) {
            case BOOT:
                return rates.boot();
            case HIBERNATE:
                return rates.hibernate();
            case MIGRATE:
                return rates.migrate();
            case RESUME:
                return rates.resume();
            case DESTROY:
                return rates.destroy();
            default:
                return rates.checkpoint();
        }
    }
}
