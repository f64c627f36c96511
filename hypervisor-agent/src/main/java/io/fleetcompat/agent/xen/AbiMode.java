package io.fleetcompat.agent.xen;

/** Per-domain event-channel ABI held by Xen (§0.3); changes only through init_control and reset. */
public enum AbiMode {
    TWO_LEVEL("2l"), FIFO("fifo");

    private final String id;

    AbiMode(String id) {
        this.id = id;
    }

    /** The console/inspect spelling: "2l" or "fifo". */
    public String id() {
        return id;
    }
}
