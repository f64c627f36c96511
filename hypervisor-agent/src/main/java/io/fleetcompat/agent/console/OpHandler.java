package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One op family of the console: reads one script line and answers it. */
@FunctionalInterface
interface OpHandler {

    /** Throws {@link ConsoleInputException} for a line the model cannot be given. */
    ObjectNode handle(JsonFields line);
}
