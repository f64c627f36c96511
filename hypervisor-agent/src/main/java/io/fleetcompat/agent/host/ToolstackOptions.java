package io.fleetcompat.agent.host;

/**
 * Switches of a {@link HostToolstack}. {@code fifoRestoreInterlock} off lets a FIFO-engaged guest be restored
 * into a FIFO-denied domain, only to demonstrate the §7.4 BUG the interlock prevents.
 */
public record ToolstackOptions(HypercallReporting hypercalls, boolean fifoRestoreInterlock) {

    public static final ToolstackOptions DEFAULTS = new ToolstackOptions(HypercallReporting.ABI_RELEVANT, true);

    public ToolstackOptions {
        if (hypercalls == null) {
            throw new IllegalArgumentException("hypercall reporting is required");
        }
    }

    public ToolstackOptions withHypercalls(HypercallReporting value) {
        return new ToolstackOptions(value, fifoRestoreInterlock);
    }

    public ToolstackOptions withFifoRestoreInterlock(boolean value) {
        return new ToolstackOptions(hypercalls, value);
    }
}
