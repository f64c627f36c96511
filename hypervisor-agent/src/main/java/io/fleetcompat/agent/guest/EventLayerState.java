package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.FifoControlBlock;

import java.util.List;
import java.util.Map;

/**
 * The kernel's event-layer state as an image records it: the ABI in use and, under FIFO, the frames the kernel
 * handed to Xen (control block per CPU, array pages, spare array pages) and its per-CPU local queue heads.
 */
public record EventLayerState(AbiMode abi, Map<Integer, FifoControlBlock> controlBlocks, List<Long> arrayPages,
                              List<Long> sparePages, Map<Integer, List<Integer>> localHeads) {

    public EventLayerState {
        controlBlocks = Map.copyOf(controlBlocks);
        arrayPages = List.copyOf(arrayPages);
        sparePages = List.copyOf(sparePages);
        localHeads = Map.copyOf(localHeads);
    }

    public static EventLayerState twoLevel() {
        return new EventLayerState(AbiMode.TWO_LEVEL, Map.of(), List.of(), List.of(), Map.of());
    }
}
