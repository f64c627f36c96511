package io.fleetcompat.agent.host;

/**
 * Whether the agent protects a resume itself when no directive speaks for it (the edge fail-safe): the resume of a
 * hibernation image whose domain ran 2-level at shutdown, of a FIFO-aware kernel, on a host with FIFO, gets
 * evtchn_fifo denied by the agent. Acting is itself policy, per kernel family (and per guest in the simulator's
 * control group): ENFORCE acts, ADVISE only reports what it would have done, OFF does nothing but say so.
 */
@FunctionalInterface
public interface EdgeFailsafe {

    enum Mode { ENFORCE, ADVISE, OFF }

    EdgeFailsafe ENFORCE = (instanceId, kernelFamily) -> Mode.ENFORCE;
    EdgeFailsafe OFF = (instanceId, kernelFamily) -> Mode.OFF;

    Mode modeFor(String instanceId, String kernelFamily);
}
