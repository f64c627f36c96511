package io.fleetcompat.dashboard.web;

/**
 * An UNPIN of a guest whose instance policy is not an operator pin (409): fleet-stream would reject it, as
 * lifting such a policy would undo a denial its detectors decided.
 */
public class GuestNotPinnedException extends RuntimeException {

    public GuestNotPinnedException(String message) {
        super(message);
    }
}
