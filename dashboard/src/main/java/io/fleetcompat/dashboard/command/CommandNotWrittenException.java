package io.fleetcompat.dashboard.command;

import io.fleetcompat.schema.avro.OperatorCommand;

/** Kafka did not acknowledge a command; the operator must retry (the command id is new each time). */
public class CommandNotWrittenException extends RuntimeException {

    public CommandNotWrittenException(OperatorCommand command, Throwable cause) {
        super("command " + command.getCommandId() + " (" + command.getAction() + ") was not written to "
                + "fleet.commands: " + (cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage()),
                cause);
    }
}
