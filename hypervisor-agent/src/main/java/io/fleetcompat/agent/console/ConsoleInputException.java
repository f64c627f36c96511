package io.fleetcompat.agent.console;

/**
 * A script line the console cannot turn into a model call: bad JSON, an unknown op/cmd/flag, a missing field or
 * a value of the wrong type. The message names the offending field and becomes {@code {"error": ...}}.
 */
final class ConsoleInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConsoleInputException(String field, String reason) {
        super(field + ": " + reason);
    }
}
