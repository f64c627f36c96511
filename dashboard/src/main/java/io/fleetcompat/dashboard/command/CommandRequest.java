package io.fleetcompat.dashboard.command;

/**
 * The body of an operator action. Fields are plain strings so a wrong value gets a message naming it
 * instead of a generic JSON error.
 *
 * @param action APPROVE, PAUSE, RESUME, ABORT, ROLLBACK, RETRY (rollouts), PIN, UNPIN (guests) or START (families)
 * @param reason why, in the operator's words; required
 * @param evtchnFifo for PIN and START: PERMIT, DENY or UNSET
 * @param evtchnUpcall for PIN and START: PERMIT, DENY or UNSET (default UNSET)
 * @param pinExpiresAt for PIN: an ISO-8601 instant (e.g. 2026-12-08T10:00:00Z) when the pin lifts by itself;
 *                     omitted, the pin holds until an UNPIN
 * @param scope for START: ALL_CREATES or RESUMES_OF_2L_IMAGES; omitted, fleet-stream's configured default
 */
public record CommandRequest(String action, String reason, String evtchnFifo, String evtchnUpcall,
                             String pinExpiresAt, String scope) {

    /** A request with no expiry and no scope. */
    public CommandRequest(String action, String reason, String evtchnFifo, String evtchnUpcall) {
        this(action, reason, evtchnFifo, evtchnUpcall, null, null);
    }
}
