package io.fleetcompat.dashboard.web;

/** The guest or rollout named in the path is not known to the dashboard (404). */
public class UnknownTargetException extends RuntimeException {

    public UnknownTargetException(String message) {
        super(message);
    }
}
