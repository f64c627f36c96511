package io.fleetcompat.agent.host;

/**
 * How many of the model's hypercall results become HypercallResult records. A boot makes dozens of binds and
 * unmasks; the ABI-relevant ones (the FIFO ops, the upcall-vector HVMOP, and every failure) tell the story.
 */
public enum HypercallReporting {
    ALL, ABI_RELEVANT, NONE
}
