package io.fleetcompat.agent.guest;

import java.util.Arrays;
import java.util.List;

/**
 * The ports one run of an upcall handler acknowledged, gathered as ints and handed out as an immutable list: a
 * handler usually takes one event, and that should not cost a growable list. One per event layer, reused by
 * every run (a kernel's handler runs on one thread at a time, as the model is single-threaded).
 */
final class HandledPorts {

    /** One immutable single-port list per low port, shared: the usual answer of a handler run. */
    private static final List<Integer>[] SINGLE = singles(4096);

    private int[] ports = new int[4];
    private int count;

    @SuppressWarnings("unchecked")
    private static List<Integer>[] singles(int n) {
        List<Integer>[] lists = new List[n];
        for (int port = 0; port < n; port++) {
            lists[port] = List.of(port);
        }
        return lists;
    }

    void clear() {
        count = 0;
    }

    void add(int port) {
        if (count == ports.length) {
            ports = Arrays.copyOf(ports, count * 2);
        }
        ports[count++] = port;
    }

    /** The ports in the order they were handled. */
    List<Integer> toList() {
        switch (count) {
            case 0:
                return List.of();
            case 1:
                return ports[0] >= 0 && ports[0] < SINGLE.length ? SINGLE[ports[0]] : List.of(ports[0]);
            case 2:
                return List.of(ports[0], ports[1]);
            default:
                Integer[] boxed = new Integer[count];
                for (int i = 0; i < count; i++) {
                    boxed[i] = ports[i];
                }
                return List.of(boxed);
        }
    }
}
