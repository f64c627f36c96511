package io.fleetcompat.agent.sim;

/** Where a simulated guest is in its life; each state is a pool the scheduler draws guests from. */
enum GuestState {
    /** Defined but without a domain: can boot. */
    OFF,
    /** A Linux guest running normally: can hibernate, migrate, checkpoint or be destroyed. */
    RUNNING_LINUX,
    /** A Windows PV guest: the model has no hibernation or save for it, so it only boots and stops. */
    RUNNING_WINDOWS,
    /** Powered off into a hibernation image placed on a host: can resume. */
    HIBERNATED,
    /** Resumed but handling no events (§8): only an operator destroy gets it back. */
    HUNG
}
