package io.fleetcompat.dashboard.command;

/** A command request that cannot become an OperatorCommand; the message tells the caller what to fix. */
public class InvalidCommandException extends RuntimeException {

    public InvalidCommandException(String message) {
        super(message);
    }
}
