package io.fleetcompat.agent.host;

/**
 * Switches of a {@link HostToolstack}. {@code fifoRestoreInterlock} off lets a FIFO-engaged guest be restored
 * into a FIFO-denied domain, only to demonstrate the §7.4 BUG the interlock prevents. {@code edgeFailsafe} says
 * per guest whether the toolstack denies FIFO at an unprotected resume of a 2-level image (on by default: the
 * product's whole point is that no guest hangs there; tests that show §8 switch it off).
 */
public record ToolstackOptions(HypercallReporting hypercalls, boolean fifoRestoreInterlock, EdgeFailsafe edgeFailsafe) {

    public static final ToolstackOptions DEFAULTS = new ToolstackOptions(HypercallReporting.ABI_RELEVANT, true,
            EdgeFailsafe.ENFORCE);

    public ToolstackOptions {
        if (hypercalls == null || edgeFailsafe == null) {
            throw new IllegalArgumentException("hypercall reporting and the edge fail-safe are required");
        }
    }

    public ToolstackOptions withHypercalls(HypercallReporting value) {
        return new ToolstackOptions(value, fifoRestoreInterlock, edgeFailsafe);
    }

    public ToolstackOptions withFifoRestoreInterlock(boolean value) {
        return new ToolstackOptions(hypercalls, value, edgeFailsafe);
    }

    public ToolstackOptions withEdgeFailsafe(EdgeFailsafe value) {
        return new ToolstackOptions(hypercalls, fifoRestoreInterlock, value);
    }
}
