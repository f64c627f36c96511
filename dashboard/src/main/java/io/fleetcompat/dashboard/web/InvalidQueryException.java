package io.fleetcompat.dashboard.web;

/** A query parameter with a value the API does not know (400). */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
