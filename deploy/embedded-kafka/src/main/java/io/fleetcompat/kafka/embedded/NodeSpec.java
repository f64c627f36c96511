package io.fleetcompat.kafka.embedded;

import java.nio.file.Path;

/** Identity and addresses of one combined broker+controller node. */
record NodeSpec(int nodeId, int brokerPort, int controllerPort, Path logDir) {

    static final String HOST = "127.0.0.1";

    String brokerAddress() {
        return HOST + ":" + brokerPort;
    }

    /** Entry of {@code controller.quorum.voters}. */
    String voter() {
        return nodeId + "@" + HOST + ":" + controllerPort;
    }
}
