package io.fleetcompat.kafka.embedded;

import java.util.List;
import java.util.stream.IntStream;

/** Broker and controller ports of every node; node {@code i} uses {@code brokerPorts[i]} and {@code controllerPorts[i]}. */
record PortLayout(List<Integer> brokerPorts, List<Integer> controllerPorts) {

    PortLayout {
        brokerPorts = List.copyOf(brokerPorts);
        controllerPorts = List.copyOf(controllerPorts);
        if (brokerPorts.size() != controllerPorts.size()) {
            throw new IllegalArgumentException("one broker and one controller port per node");
        }
    }

    /** Broker ports {@code firstPort..}, controller ports right after them. */
    static PortLayout fixed(int firstPort, int nodes) {
        int last = firstPort + 2 * nodes - 1;
        if (firstPort < 1 || last > 65535) {
            throw new IllegalArgumentException("ports " + firstPort + ".." + last + " are outside 1..65535");
        }
        return new PortLayout(range(firstPort, nodes), range(firstPort + nodes, nodes));
    }

    static PortLayout free(int nodes) {
        List<Integer> ports = FreePorts.distinct(2 * nodes);
        return new PortLayout(ports.subList(0, nodes), ports.subList(nodes, 2 * nodes));
    }

    int nodes() {
        return brokerPorts.size();
    }

    List<Integer> all() {
        return IntStream.range(0, nodes())
                .boxed()
                .flatMap(i -> java.util.stream.Stream.of(brokerPorts.get(i), controllerPorts.get(i)))
                .toList();
    }

    private static List<Integer> range(int first, int count) {
        return IntStream.range(first, first + count).boxed().toList();
    }
}
